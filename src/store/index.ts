/**
 * `openStore(url)`: the one entry point to the event store. A `postgres://` or `postgresql://` URL opens
 * PostgreSQL + PostGIS; anything else is a SQLite file path (`vigil.db` by default, `:memory:` allowed).
 */
import type { OpenStoreOptions, Store } from './types.js';
import { VigilError } from '../errors/catalogue.js';

export * from './types.js';

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

export async function openStore(url: string, opts: OpenStoreOptions = {}): Promise<Store> {
  if (!url) throw new VigilError('VIGIL_ERR_DB_URL', 'empty database URL');
  const { openSqlStore } = await import('./sql-store.js');
  return openSqlStore(url, opts);
}

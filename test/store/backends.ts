/** The backends the contract suite runs on: a temp SQLite file, and PostgreSQL when the global setup has one. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openSqlStore, type SqlStore } from '../../src/store/sql-store.js';

export interface OpenedStore {
  store: SqlStore;
  url: string;
  cleanup(): Promise<void>;
}
export interface Backend {
  name: 'sqlite' | 'postgres';
  open(): Promise<OpenedStore>;
}

export function sqliteBackend(): Backend {
  return {
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'vigil-store-'));
      const url = join(dir, 'vigil.db');
      const store = await openSqlStore(url);
      return {
        store, url,
        async cleanup() {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

/** A fresh database on the server for each open(); dropped again by cleanup(). */
export function postgresBackend(server: () => Promise<string>): Backend {
  return {
    name: 'postgres',
    async open() {
      const serverUrl = await server();
      const name = `vigil_t_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const u = new URL(serverUrl);
      u.pathname = `/${name}`;
      const url = u.toString();
      const store = await openSqlStore(url);
      return {
        store, url,
        async cleanup() {
          await store.close();
          const a = new pg.Client({ connectionString: serverUrl });
          await a.connect();
          await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await a.end();
        },
      };
    },
  };
}

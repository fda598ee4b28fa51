/**
 * The PostgreSQL server for the PostgreSQL half of the store contract suite:
 * - VIGIL_TEST_PG_URL set (CI sets it from scripts/pg-start.sh): use it;
 * - else, Debian's PostgreSQL 15 + PostGIS installed: start a throwaway cluster with
 *   scripts/pg-start.sh --fast on first use, and stop it when the test file ends;
 * - else: none. Under CI or VIGIL_REQUIRE_PG=1 that is a failure, never a silent skip.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const ROOT = resolve(import.meta.dirname, '../..');

export const pgRequired = ['1', 'true'].includes(String(process.env.CI ?? '').toLowerCase()) || process.env.VIGIL_REQUIRE_PG === '1';

export function pgAvailable(): boolean {
  if (process.env.VIGIL_TEST_PG_URL) return true;
  return existsSync(join(PG_BIN, 'initdb')) && existsSync('/usr/share/postgresql/15/extension/postgis.control');
}

let started: Promise<string> | null = null;
let dir: string | null = null;

export function pgServerUrl(): Promise<string> {
  if (process.env.VIGIL_TEST_PG_URL) return Promise.resolve(process.env.VIGIL_TEST_PG_URL);
  started ??= (async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-pg-test-'));
    const { stdout } = await promisify(execFile)('bash', [join(ROOT, 'scripts/pg-start.sh'), '--fast', dir], { encoding: 'utf8' });
    return stdout.trim().split('\n').pop()!;
  })();
  return started;
}

/** Stop the cluster this process started (no-op for VIGIL_TEST_PG_URL). */
export function stopPgServer(): void {
  if (dir && started) execFileSync('bash', [join(ROOT, 'scripts/pg-stop.sh'), dir], { stdio: 'ignore' });
  dir = null;
  started = null;
}

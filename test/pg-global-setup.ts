/**
 * vitest globalSetup: gives the PostgreSQL half of the store contract suite a server.
 * - VIGIL_TEST_PG_URL set: use it (the suite creates and drops its own databases there).
 * - else, PostgreSQL binaries installed (/usr/lib/postgresql/15/bin): start a throwaway cluster with
 *   scripts/pg-start.sh --fast and stop it after the run.
 * - else: the PostgreSQL half is skipped, unless CI or VIGIL_REQUIRE_PG=1, where this fails the run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string | null;
  }
}

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const root = resolve(import.meta.dirname, '..');

export default function setup(project: TestProject): (() => void) | void {
  const required = ['1', 'true'].includes(String(process.env.CI ?? '').toLowerCase()) || process.env.VIGIL_REQUIRE_PG === '1';
  if (process.env.VIGIL_TEST_PG_URL) {
    project.provide('pgUrl', process.env.VIGIL_TEST_PG_URL);
    return;
  }
  if (!existsSync(join(PG_BIN, 'initdb')) || !existsSync('/usr/share/postgresql/15/extension/postgis.control')) {
    if (required) throw new Error(`PostgreSQL + PostGIS are required here (CI / VIGIL_REQUIRE_PG=1) but ${PG_BIN}/initdb or PostGIS is missing: apt-get install -y postgresql-15 postgresql-15-postgis-3`);
    project.provide('pgUrl', null);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'vigil-pg-test-'));
  const url = execFileSync('bash', [join(root, 'scripts/pg-start.sh'), '--fast', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    .trim().split('\n').pop()!;
  project.provide('pgUrl', url);
  return () => {
    execFileSync('bash', [join(root, 'scripts/pg-stop.sh'), dir], { stdio: 'inherit' });
  };
}

/** vigil watch add/remove and vigil alert add/list end to end on a SQLite file (exit codes, JSON output). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

function vigil(args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, VIGIL_LOG_LEVEL: 'silent' }, timeout: 120_000,
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

describe('vigil watch / vigil alert commands', () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-watch-cli-'));
    db = join(dir, 'c.db');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds, lists and removes watched sources and alerts', () => {
    const a = vigil(['watch', 'add', 'https://news.example.org/feed.xml', '--every', '120', '--db', db, '--json']);
    expect(a.code).toBe(0);
    const src = JSON.parse(a.out) as { id: number; kind: string; everySeconds: number };
    expect(src).toMatchObject({ kind: 'url', everySeconds: 120 });

    const add = vigil(['alert', 'add', 'idlib', '--webhook', 'https://hooks.example.org/v', '--province', 'Idlib', '--weapon', 'concern', '--min-fatalities', '3', '--new-incident', '--db', db]);
    expect(add.code).toBe(0);
    expect(add.out).toMatch(/signing secret \(shown once\): \S{20,}/);
    const bad = vigil(['alert', 'add', 'x', '--webhook', 'https://hooks.example.org/v', '--since', 'yesterday', '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('VIGIL_ERR_VALIDATION');

    const list = vigil(['alert', 'list', '--db', db, '--json']);
    const alerts = JSON.parse(list.out) as Record<string, unknown>[];
    expect(alerts.map((x) => x.name)).toEqual(['idlib']);
    expect(alerts[0]).toMatchObject({ filters: { place: 'Idlib', weapon: 'concern' }, conditions: { newIncident: true, minFatalities: 3 } });
    expect(JSON.stringify(alerts)).not.toContain('webhookSecret');
    const rm = vigil(['watch', 'remove', String(src.id), '--db', db]);
    expect(rm.code).toBe(0);
    expect(rm.out).toBe(`removed ${src.id}\n`);
  }, 180_000);
});

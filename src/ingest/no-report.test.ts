/** A capture that holds no report is stored, yields no event, and its status is kept in the ingest log with its code. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIngest } from '../cli/commands/ingest.js';
import { openStore } from '../store/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'vigil-noreport-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ingest of a capture with no report', () => {
  it('records VIGIL_ERR_NO_REPORT for the login wall, stores both captures, reads the event of the other', async () => {
    const reports = path.join(dir, 'captures');
    mkdirSync(reports);
    writeFileSync(path.join(reports, 'wall.txt'), "Someone's Post\n\nSomeoneMay 2, 2025 · Shared with PublicThis content isn't available right nowAll reactions:12LikeComment");
    writeFileSync(path.join(reports, 'post.txt'), 'Example DeskMay 2, 2025 · Shared with PublicShelling killed 3 civilians in the town of Saraqib this morning.All reactions:4LikeComment');
    const db = path.join(dir, 'v.db');
    const s = await runIngest([reports], { db, progress: false });
    expect(s.new).toBe(2);
    expect(s.warnings.VIGIL_ERR_NO_REPORT).toBe(1);
    expect(s.events).toBeGreaterThan(0);
    const store = await openStore(db);
    try {
      const log = await store.listIngestErrors();
      const rows = log.filter((r) => r.code === 'VIGIL_ERR_NO_REPORT');
      expect(rows.length).toBe(1);
      expect(rows[0]!.locator).toContain('wall.txt');
    } finally {
      await store.close();
    }
  }, 60_000);
});

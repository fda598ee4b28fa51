/**
 * Watched folders and Telegram export folders (listing-based "conditional GET"), and backoff with health
 * for a failing URL. Steps are called directly (fetch job, ingest job), without the scheduler.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/schema.js';
import { openSqlStore, type SqlStore } from '../../src/store/sql-store.js';
import { openQueue } from '../../src/queue/index.js';
import { fetchJob, ingestJob, makeRuntime, type Runtime } from '../../src/watch/pipeline.js';

describe('watched folders, Telegram exports and failing sources', () => {
  let dir: string;
  let store: SqlStore;
  let rt: Runtime;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-watch-src-'));
    store = await openSqlStore(join(dir, 's.db'));
    rt = makeRuntime(store, await openQueue(store), loadConfig({}, { watch: { maxBackoffSeconds: 3600 } }), { allowPrivate: true });
  });
  afterAll(async () => {
    await rt.queue.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const drain = async () => {
    for (const sha of await rt.watch.staged()) await ingestJob(rt, sha);
  };

  it('reads a folder again only when its listing changed, and stores each report once', async () => {
    const folder = join(dir, 'reports');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.txt'), 'On 2 May 2024, shelling killed three civilians in the village of Kafr Zita, Hama province, a rescue group said.');
    const src = await rt.watch.add(folder, 60);
    expect(src.kind).toBe('folder');
    await fetchJob(rt, src.id);
    await drain();
    expect((await store.stats()).documents).toBe(1);
    await fetchJob(rt, src.id); // unchanged listing: nothing read
    let h = (await rt.watch.get(src.id))!;
    expect(h.notModified).toBe(1);
    writeFileSync(join(folder, 'b.txt'), 'On 4 May 2024, a drone strike killed two fighters near Latamneh, Hama province, a monitor said.');
    await fetchJob(rt, src.id);
    await drain();
    h = (await rt.watch.get(src.id))!;
    expect((await store.stats()).documents).toBe(2);
    expect(h).toMatchObject({ polls: 3, notModified: 1, itemsSeen: 3, itemsNew: 2, failures: 0 });
  });

  it('watches a Telegram Desktop export folder (result.json) message by message', async () => {
    const exp = join(dir, 'ChatExport');
    mkdirSync(exp);
    const messages = [
      { id: 11, type: 'message', date: '2024-06-01T09:00:00', text: 'Two people were killed by artillery fire on Ariha, Idlib province, this morning.' },
      { id: 12, type: 'message', date: '2024-06-01T10:30:00', text: [{ type: 'bold', text: 'Urgent:' }, ' an air strike hit a market in Saraqib, killing four.'] },
    ];
    const write = (m: unknown[]) => writeFileSync(join(exp, 'result.json'), JSON.stringify({ name: 'Idlib Monitor Test', type: 'public_channel', id: 1, messages: m }));
    write(messages);
    const src = await rt.watch.add(exp, 60);
    expect(src.kind).toBe('telegram');
    const before = (await store.stats()).documents;
    await fetchJob(rt, src.id);
    await drain();
    expect((await store.stats()).documents).toBe(before + 2);
    // A new export with one more message: only that one is new.
    write([...messages, { id: 13, type: 'message', date: '2024-06-02T08:00:00', text: 'Shelling killed a child in Jisr al-Shughur, local activists said.' }]);
    await fetchJob(rt, src.id);
    await drain();
    expect((await store.stats()).documents).toBe(before + 3);
    expect((await rt.watch.get(src.id))!.itemsNew).toBe(3);
  });

  it('backs off a failing URL (interval x 2^failures) and records its health', async () => {
    let hits = 0;
    const server = http.createServer((_req, res) => { hits++; res.writeHead(503); res.end(); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const src = await rt.watch.add(`http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`, 10);
      for (let i = 1; i <= 3; i++) {
        const t0 = Date.now();
        await fetchJob(rt, src.id);
        const h = (await rt.watch.get(src.id))!;
        expect(h.failures).toBe(i);
        expect(h.lastErrorCode).toBe('VIGIL_ERR_FETCH_FAILED');
        expect(h.lastError).toContain('HTTP 503');
        const wait = (Date.parse(h.nextPollAt) - t0) / 1000;
        expect(wait).toBeGreaterThanOrEqual(10 * 2 ** i - 1);
        expect(wait).toBeLessThanOrEqual(10 * 2 ** i + 5);
      }
      expect(hits).toBe(3);
      // Without --allow-private the same URL is refused before any request.
      const strict = makeRuntime(store, rt.queue, rt.config, { allowPrivate: false });
      await fetchJob(strict, src.id);
      expect((await rt.watch.get(src.id))!.lastErrorCode).toBe('VIGIL_ERR_PRIVATE_ADDRESS');
      expect(hits).toBe(3);
    } finally {
      server.close();
    }
  });
});

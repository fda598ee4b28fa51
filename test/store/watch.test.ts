/**
 * Contract for the watch and alert tables (migrations 6 and 7) on both backends: the same calls give the
 * same answers on SQLite and PostgreSQL (claims, staging by SHA-256, unique deliveries, leases, queue).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { postgresBackend, sqliteBackend, type Backend } from './backends.js';
import { pgAvailable, pgServerUrl, stopPgServer } from './pg-server.js';
import { WatchRepo } from '../../src/watch/repo.js';
import { AlertRepo } from '../../src/alerts/repo.js';
import { openQueue } from '../../src/queue/index.js';
import type { IngestOk } from '../../src/ingest/types.js';

const backends: Backend[] = [sqliteBackend(), ...(pgAvailable() ? [postgresBackend(pgServerUrl)] : [])];
afterAll(() => stopPgServer());

const item = (n: number): IngestOk => ({
  ok: true, raw: Buffer.from(`<item>${n}</item>`), sha256: String(n).padStart(64, '0'), capturedAt: '2024-01-01T00:00:00.000Z',
  origin: { kind: 'feed-item', locator: `https://x.example/feed#item=${n}`, input: 'https://x.example/feed' }, mediaType: 'application/xml',
  document: { id: `sha256:${n}`, source: `text ${n}`, mediaType: 'text/plain' }, source: { name: 'x.example', kind: 'unknown' },
});

for (const b of backends) {
  describe(`watch and alert tables (${b.name})`, () => {
    it('claims a due source once, stages items once, keeps health', async () => {
      const { store, cleanup } = await b.open();
      try {
        const w = new WatchRepo(store.dialect);
        const s = await w.add('https://x.example/feed', 60, new Date('2024-01-01T00:00:00Z'));
        expect((await w.add('https://x.example/feed', 120)).id).toBe(s.id); // same URL: updated, not doubled
        const due = await w.due(new Date('2024-01-01T00:01:00Z'));
        expect(due.map((x) => x.id)).toEqual([s.id]);
        expect(await w.claim(due[0])).toBe(true);
        expect(await w.claim(due[0])).toBe(false); // a second poller loses
        expect(await w.stage(store.dialect, s.id, item(1), 1)).toBe('new');
        expect(await w.stage(store.dialect, s.id, item(1), 2)).toBe('staged');
        expect(await w.staged()).toEqual([item(1).sha256]);
        const back = await w.loadItem(item(1).sha256);
        expect(back!.item.raw.toString()).toBe('<item>1</item>');
        expect(back!.item.document.source).toBe('text 1');
        await w.markIngested(item(1).sha256, null);
        expect(await w.staged()).toEqual([]);
        await w.recordSuccess((await w.get(s.id))!, { notModified: false, seen: 1, fresh: 1, etag: '"v1"' });
        await w.recordFailure(s.id, { code: 'VIGIL_ERR_FETCH_FAILED', message: 'HTTP 500' }, 3600);
        const h = (await w.get(s.id))!;
        expect(h).toMatchObject({ etag: '"v1"', polls: 2, failures: 1, itemsSeen: 1, itemsNew: 1, lastErrorCode: 'VIGIL_ERR_FETCH_FAILED' });
        expect(await w.remove(String(s.id))).toBe(true);
        expect(await w.list()).toEqual([]);
      } finally {
        await cleanup();
      }
    });

    it('records a change once per alert, leases it to one sender, and queues jobs once per key', async () => {
      const { store, cleanup } = await b.open();
      try {
        const a = new AlertRepo(store.dialect);
        const al = await a.add({ name: 'x', filters: { place: 'Idlib' }, conditions: { minFatalities: 2 }, webhookUrl: 'https://h.example/x' });
        await expect(a.add({ name: 'x', filters: {}, conditions: {}, webhookUrl: 'https://h.example/x' })).rejects.toMatchObject({ code: 'VIGIL_ERR_CONFLICT' });
        const payload = { alert: 'x', change: 'new-incident' as const, documentId: 1, possibleDuplicateOf: null, note: null, at: '2024-01-01T00:00:00.000Z',
          incident: { id: 5, eventType: null, subEventType: null, dateStart: null, dateEnd: null, place: null, admin1: null, country: null, lat: null, lon: null, fatalities: null, grade: null, previousGrade: null, eventCount: 1, sourceCount: 1, weapons: [] } };
        const ins = () => store.dialect.transaction((tx) => a.insertDelivery(tx, { alert: al, incidentId: 5, changeKey: 'doc:1', changeKind: 'new-incident', payload }));
        const id = await ins();
        expect(id).not.toBeNull();
        expect(await ins()).toBeNull();
        expect(await a.deliveriesForChange('doc:1')).toEqual([id]);
        const l1 = await a.lease(id!, 60_000);
        expect(l1).toMatchObject({ delivery: { id, webhookState: 'pending' } });
        expect(await a.lease(id!, 60_000)).toBe('held');
        await a.markChannel(id!, 'webhook', 'sent');
        await a.release(id!, null);
        expect(await a.lease(id!, 60_000)).toBeNull();
        expect(await a.pendingDeliveries()).toEqual([]);
        const seen1 = await store.dialect.transaction((tx) => a.swapSeenGrade(tx, al.id, 5, 'weak'));
        const seen2 = await store.dialect.transaction((tx) => a.swapSeenGrade(tx, al.id, 5, 'fair'));
        expect(seen1).toEqual({ seen: false, grade: null });
        expect(seen2).toEqual({ seen: true, grade: 'weak' });
        expect(await a.remove('x')).toBe(true);
        expect(await a.list()).toEqual([]);

        const q = await openQueue(store, { pollMs: 20 });
        await q.start();
        await q.send('alert', { documentId: 1 }, { key: 'doc:1' });
        await q.send('alert', { documentId: 1 }, { key: 'doc:1' }); // queued twice: runs once
        await q.send('alert', { documentId: 2 }, { key: 'doc:2' });
        const ran: number[] = [];
        await q.work<{ documentId: number }>('alert', { concurrency: 2 }, async (j) => { ran.push(j.data.documentId); });
        const t0 = Date.now();
        while (ran.length < 2 && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, 200));
        await q.stop();
        expect(ran.sort()).toEqual([1, 2]);
      } finally {
        await cleanup();
      }
    });
  });
}

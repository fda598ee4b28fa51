/**
 * vigil watch on SQLite, in one process: a feed on 127.0.0.1 gains items, `watch run`'s scheduler and
 * workers turn them into incidents, and a webhook receiver gets one signed POST per incident change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/schema.js';
import { startRuntime } from '../../src/watch/run.js';
import { alertsDrained, feedServer, until, webhookReceiver, type FeedServer, type WebhookReceiver } from './servers.js';

const config = loadConfig({}, {
  watch: { tickMs: 100, jobPollMs: 50 },
  alerts: { retryDelayMs: 100, retryLimit: 5, webhookTimeoutMs: 3000 },
});

describe('vigil watch (SQLite): feed -> incidents -> signed webhooks', () => {
  let dir: string;
  let feed: FeedServer;
  let hook: WebhookReceiver;
  let secret = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-watch-'));
    feed = await feedServer();
    hook = await webhookReceiver(() => secret);
  });
  afterAll(async () => {
    await feed.close();
    await hook.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('turns appended feed items into incidents and posts each incident change once, signed', async () => {
    const db = join(dir, 'w.db');
    const { rt, stop } = await startRuntime({ db, allowPrivate: true, schedule: false, quiet: true }, config);
    try {
      const src = await rt.watch.add(feed.url, 1);
      const a = await rt.alerts.add({ name: 'all', filters: {}, conditions: {}, webhookUrl: hook.url });
      secret = a.webhookSecret!;
      await rt.alerts.add({ name: 'big', filters: {}, conditions: { minFatalities: 7 }, webhookUrl: `${hook.url}?big` , webhookSecret: secret });
      // The first delivery attempt fails: it must be retried, not lost and not doubled.
      hook.failNext(1);
      feed.append(0, 1, 2);
      const { Scheduler } = await import('../../src/watch/pipeline.js');
      const sched = new Scheduler(rt);
      sched.start();
      const docs = async () => (await rt.store.stats()).documents;
      await until(async () => (await docs()) === 3, 120_000, '3 documents');
      // The next poll finds nothing new: the feed answers 304 to the conditional GET.
      await until(() => feed.stats.notModified > 0, 60_000, 'a 304');
      feed.append(3, 4, 5, 6, 7);
      await until(async () => (await docs()) === 8, 120_000, '8 documents');
      // Wait for the deliveries to drain.
      await until(() => alertsDrained(rt.alerts.db), 120_000, 'deliveries');
      sched.stop();

      const st = await rt.store.stats();
      expect(st.documents).toBe(8);
      expect(st.incidents).toBeGreaterThan(0);
      // Every delivery recorded was posted exactly once, with a valid signature.
      const rows = await rt.alerts.db.all<{ id: number; alert_id: number; incident_id: number; change_key: string; webhook_state: string }>(
        'SELECT id, alert_id, incident_id, change_key, webhook_state FROM alert_deliveries');
      expect(rows.every((r) => r.webhook_state === 'sent')).toBe(true);
      const ids = hook.received.map((r) => r.deliveryId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(ids)).toEqual(new Set(rows.map((r) => String(r.id))));
      expect(hook.received.every((r) => r.valid)).toBe(true);
      // One POST per (alert, incident change): each stored report that joined or opened an incident, per alert.
      const changes = await rt.alerts.db.all<{ document_id: number; incident_id: number }>(
        'SELECT DISTINCT document_id, incident_id FROM events WHERE incident_id IS NOT NULL');
      const forAll = hook.received.filter((r) => r.body.alert === 'all');
      expect(forAll.length).toBe(changes.length);
      expect(new Set(forAll.map((r) => `${r.body.incident.id}/${r.body.documentId}`))).toEqual(new Set(changes.map((c) => `${c.incident_id}/${c.document_id}`)));
      // The fatalities condition: only incidents with >= 7 dead (report i has 2 + i % 7 dead).
      const big = hook.received.filter((r) => r.body.alert === 'big');
      const incidents = (await rt.store.queryIncidents({ limit: 100 })).items;
      const bigIds = incidents.filter((i) => (i.fatalities?.best ?? 0) >= 7).map((i) => i.id);
      expect(new Set(big.map((r) => r.body.incident.id))).toEqual(new Set(bigIds));
      // Health: conditional GET answered 304 at least once between the appends; items seen / new counted.
      const h = (await rt.watch.get(src.id))!;
      expect(h.itemsNew).toBe(8);
      expect(h.failures).toBe(0);
      expect(h.lastSuccessAt).not.toBeNull();
      expect(feed.stats.notModified).toBeGreaterThan(0);
      expect(h.notModified).toBe(feed.stats.notModified);
    } finally {
      await stop();
    }
  });
});

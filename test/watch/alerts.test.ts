/**
 * The alert step on real extractions (reports written for this test): new incident, grade changed,
 * "possible duplicate of incident N", fatalities and type filters, and the private-address rule for webhooks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/schema.js';
import { extractDocument } from '../../src/extract/pipeline.js';
import { openSqlStore, type SqlStore } from '../../src/store/sql-store.js';
import type { SourceKind } from '../../src/store/types.js';
import { openQueue } from '../../src/queue/index.js';
import { alertJob, deliverJob, makeRuntime, reviewAlertJob, scanReviews, type Runtime } from '../../src/watch/pipeline.js';

const config = loadConfig({});

async function ingest(store: SqlStore, text: string, source: { name: string; kind: SourceKind }, published: string): Promise<number> {
  const raw = Buffer.from(`${source.name}\n${text}`);
  const sha256 = createHash('sha256').update(raw).digest('hex');
  const document = { id: `sha256:${sha256}`, source: text, mediaType: 'text/plain' as const, published };
  const res = extractDocument(document, { config });
  if (!res.ok) throw res.error;
  const r = await store.ingestDocument({
    sha256, raw, mediaType: 'text/plain', capturedAt: `${published}T12:00:00Z`, origin: 'test', source, document,
    text: res.doc.text, language: res.doc.language, events: res.doc.events,
  });
  return r.documentId;
}

describe('alert conditions and delivery rules', () => {
  let dir: string;
  let store: SqlStore;
  let rt: Runtime;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-alerts-'));
    store = await openSqlStore(join(dir, 'a.db'));
    rt = makeRuntime(store, await openQueue(store), config, { allowPrivate: false });
  });
  afterAll(async () => {
    await rt.queue.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = () => store.dialect.all<{ id: number; alert: string; incident_id: number; change_kind: string; payload: string; webhook_state: string; last_error: string | null }>(
    'SELECT d.id, a.name AS alert, d.incident_id, d.change_kind, d.payload, d.webhook_state, d.last_error FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id ORDER BY d.id');

  it('records new incidents, flags a possible duplicate, applies filters and fatality thresholds, never twice', async () => {
    await rt.alerts.add({ name: 'new', filters: {}, conditions: { newIncident: true }, webhookUrl: 'https://hooks.example.org/new' });
    await rt.alerts.add({ name: 'heavy', filters: {}, conditions: { minFatalities: 5 }, webhookUrl: 'https://hooks.example.org/heavy' });
    await rt.alerts.add({ name: 'homs', filters: { place: 'Homs' }, conditions: {}, webhookUrl: 'https://hooks.example.org/homs' });
    const d1 = await ingest(store, 'On 3 March 2024, an air strike killed six people in the town of Saraqib in Idlib province, residents said.', { name: 'idlib-news.example', kind: 'independent-media' }, '2024-03-03');
    await alertJob(rt, d1);
    const d2 = await ingest(store, 'On 6 March 2024, an air strike killed two people in the town of Saraqib in Idlib province, residents said.', { name: 'north-monitor.example', kind: 'independent-media' }, '2024-03-06');
    await alertJob(rt, d2);
    await alertJob(rt, d2); // the same change again (retry, crash, second worker): nothing more
    const r = await rows();
    const i1 = (await store.dialect.get<{ i: number }>('SELECT incident_id AS i FROM events WHERE document_id = ?', [d1]))!.i;
    const i2 = (await store.dialect.get<{ i: number }>('SELECT incident_id AS i FROM events WHERE document_id = ?', [d2]))!.i;
    expect(i1).not.toBe(i2);
    expect(r.filter((x) => x.alert === 'new').map((x) => x.incident_id)).toEqual([i1, i2]);
    const second = JSON.parse(r.find((x) => x.alert === 'new' && x.incident_id === i2)!.payload);
    expect(second.possibleDuplicateOf).toBe(i1);
    expect(second.note).toMatch(new RegExp(`^possible duplicate of incident ${i1} `));
    expect(JSON.parse(r.find((x) => x.incident_id === i1)!.payload).possibleDuplicateOf).toBeNull();
    expect(r.filter((x) => x.alert === 'heavy').map((x) => x.incident_id)).toEqual([i1]);
    expect(r.filter((x) => x.alert === 'homs')).toEqual([]);
  });

  it('alerts "grade changed" when a second source corroborates an incident, with the previous grade', async () => {
    await rt.alerts.add({ name: 'grades', filters: { place: 'Hama' }, conditions: { gradeChanged: true }, webhookUrl: 'https://hooks.example.org/grades' });
    const text = 'On 12 May 2024, artillery shelling killed five civilians in the town of Kafr Zita in Hama province.';
    const d5 = await ingest(store, `${text} Residents said the shells came from the south.`, { name: 'hama-news.example', kind: 'independent-media' }, '2024-05-12');
    await alertJob(rt, d5);
    const inc = (await store.dialect.get<{ i: number }>('SELECT incident_id AS i FROM events WHERE document_id = ?', [d5]))!.i;
    const g1 = (await store.getIncident(inc))!.grade;
    const d6 = await ingest(store, `${text} A rescue group confirmed the toll.`, { name: 'syria-observer.example', kind: 'observer' }, '2024-05-12');
    await alertJob(rt, d6);
    const joined = (await store.dialect.get<{ i: number }>('SELECT incident_id AS i FROM events WHERE document_id = ?', [d6]))!.i;
    expect(joined).toBe(inc);
    const g2 = (await store.getIncident(inc))!.grade;
    expect(g2).not.toBe(g1);
    const mine = (await rows()).filter((x) => x.alert === 'grades');
    expect(mine.map((x) => [x.incident_id, x.change_kind])).toEqual([[inc, 'grade-changed']]);
    const p = JSON.parse(mine[0].payload);
    expect([p.incident.previousGrade, p.incident.grade]).toEqual([g1, g2]);
  });

  it('alerts when a reviewer changes a matching incident\'s grade, once per review action', async () => {
    await rt.alerts.add({ name: 'reviewed', filters: { place: 'Hama' }, conditions: { gradeChanged: true }, webhookUrl: 'https://hooks.example.org/reviewed' });
    expect(await scanReviews(rt)).toBe(0); // first scan: the cursor starts after past reviews
    const inc = (await store.dialect.get<{ i: number }>(`SELECT incident_id AS i FROM events e JOIN documents d ON d.id = e.document_id WHERE d.text LIKE '%Kafr Zita%' LIMIT 1`))!.i;
    const before = (await store.getIncident(inc))!.grade;
    const to = before === 'confirmed' ? 'contested' : 'confirmed';
    await store.review({ action: 'edit', target: 'incident', id: inc, field: 'grade', value: to }, { userName: 'analyst' });
    // The scan queues one alert job per action; run them as a worker would.
    const sent: { incidentId: number; reviewId: number }[] = [];
    const orig = rt.queue.send.bind(rt.queue);
    rt.queue.send = async (q, data, o) => { if (q === 'alert') sent.push(data as { incidentId: number; reviewId: number }); return orig(q, data, o); };
    expect(await scanReviews(rt)).toBeGreaterThan(0);
    expect(await scanReviews(rt)).toBe(0);
    rt.queue.send = orig;
    for (const j of sent) {
      await reviewAlertJob(rt, j.incidentId, j.reviewId);
      await reviewAlertJob(rt, j.incidentId, j.reviewId);
    }
    const mine = (await rows()).filter((x) => x.alert === 'reviewed');
    // The alert saw the incident for the first time at this review: no earlier grade to compare, so no grade-changed yet.
    expect(mine).toEqual([]);
    const back = before ?? 'weak';
    await store.review({ action: 'edit', target: 'incident', id: inc, field: 'grade', value: back }, { userName: 'analyst' });
    sent.length = 0;
    rt.queue.send = async (q, data, o) => { if (q === 'alert') sent.push(data as { incidentId: number; reviewId: number }); return orig(q, data, o); };
    await scanReviews(rt);
    rt.queue.send = orig;
    for (const j of sent) await reviewAlertJob(rt, j.incidentId, j.reviewId);
    const after = (await rows()).filter((x) => x.alert === 'reviewed');
    expect(after.map((x) => [x.incident_id, x.change_kind])).toEqual([[inc, 'grade-changed']]);
    const p = JSON.parse(after[0].payload);
    expect([p.incident.previousGrade, p.incident.grade, p.documentId]).toEqual([to, back, null]);
  });

  it('refuses webhook targets on private addresses without retrying them', async () => {
    await rt.alerts.add({ name: 'private', filters: {}, conditions: {}, webhookUrl: 'http://127.0.0.1:9/hook' });
    const d3 = await ingest(store, 'On 20 April 2024, rocket fire killed three civilians in Rastan, Homs province, a local council said.', { name: 'homs-news.example', kind: 'independent-media' }, '2024-04-20');
    await alertJob(rt, d3);
    const mine = (await rows()).filter((x) => x.alert === 'private');
    expect(mine.length).toBe(1);
    await deliverJob(rt, mine[0].id, false); // not the last attempt, yet final: the rule does not change on retry
    const after = (await rows()).find((x) => x.id === mine[0].id)!;
    expect(after.webhook_state).toBe('failed');
    expect(after.last_error).toMatch(/private, loopback or link-local/);
  });
});

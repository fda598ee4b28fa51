/**
 * The watch pipeline as queue jobs (src/queue), each step idempotent so that a job run twice (a
 * worker killed with -9 after doing the work but before acknowledging it) changes nothing twice:
 *
 *   fetch   {sourceId}     poll the source (conditional GET / folder listing); stage each new item's
 *                          original bytes in watch_items (keyed by SHA-256); queue `ingest` per staged item
 *   ingest  {sha256}       extract the staged item and store it: document, original, events and incident
 *                          assignment in ONE store transaction (Store.ingestDocument, idempotent by SHA-256;
 *                          clustering is part of that transaction, so it is not a job of its own); queue `alert`
 *   alert   {documentId}   match saved searches against the incidents the report opened or joined; record each
 *                          (alert, incident, change) once in alert_deliveries; queue `deliver` per pending delivery
 *   deliver {deliveryId}   under a lease, POST the signed webhook and send the email; retried with backoff
 *
 * Sends that a crash may have lost (between a commit and the following send) are repeated at start:
 * every staged item not yet ingested and every delivery still pending is queued again (keys dedupe).
 */
import type { VigilConfig } from '../config/schema.js';
import { toVigilError } from '../errors/catalogue.js';
import { extractDocument } from '../extract/pipeline.js';
import type { IngestDocumentInput, Store } from '../store/types.js';
import type { JobQueue } from '../queue/types.js';
import { AlertRepo } from '../alerts/repo.js';
import { evaluateDocument, evaluateReview } from '../alerts/evaluate.js';
import { postWebhook } from '../alerts/webhook.js';
import { sendEmail } from '../alerts/email.js';
import { WatchRepo, dialectOf, type WatchSource } from './repo.js';
import { pollSource } from './poll.js';

export interface WatchEvents {
  /** A poll ended (for logs and tests). */
  polled?(src: WatchSource, r: { notModified: boolean; seen: number; fresh: number; error?: string }): void;
  /** An item was stored (new) or found stored already (duplicate). */
  ingested?(sha256: string, r: { documentId: number; status: 'new' | 'duplicate' | 'failed'; events: number; latencyMs: number }): void;
  delivered?(deliveryId: number, channel: 'webhook' | 'email', ok: boolean, error?: string): void;
}

export interface Runtime {
  store: Store;
  queue: JobQueue;
  config: VigilConfig;
  allowPrivate: boolean;
  watch: WatchRepo;
  alerts: AlertRepo;
  on: WatchEvents;
}

export function makeRuntime(store: Store, queue: JobQueue, config: VigilConfig, opts: { allowPrivate?: boolean; on?: WatchEvents } = {}): Runtime {
  const db = dialectOf(store);
  return { store, queue, config, allowPrivate: !!opts.allowPrivate, watch: new WatchRepo(db), alerts: new AlertRepo(db), on: opts.on ?? {} };
}

// ------------------------------------------------------------------------------------------ fetch

export async function fetchJob(rt: Runtime, sourceId: number): Promise<void> {
  const src = await rt.watch.get(sourceId);
  if (!src || !src.enabled) return;
  const polledAt = Date.now();
  let r;
  try {
    r = await pollSource(src, { allowPrivate: rt.allowPrivate, limits: rt.config.limits, maxItems: rt.config.watch.maxItemsPerPoll });
  } catch (e) {
    const err = toVigilError(e);
    await rt.watch.recordFailure(src.id, { code: err.code, message: err.message }, rt.config.watch.maxBackoffSeconds);
    rt.on.polled?.(src, { notModified: false, seen: 0, fresh: 0, error: err.code });
    return;
  }
  let seen = 0, fresh = 0;
  let itemError: { code: string; message: string } | null = null;
  const toIngest: string[] = [];
  for (const item of r.items) {
    if (!item.ok) {
      itemError = { code: item.error.code, message: `${item.origin.locator}: ${item.error.message}` };
      continue;
    }
    seen++;
    const st = await rt.watch.stage(rt.watch.db, src.id, item, polledAt);
    if (st === 'new') fresh++;
    if (st !== 'known') toIngest.push(item.sha256);
  }
  for (const sha of toIngest) await rt.queue.send('ingest', { sha256: sha }, { key: sha });
  // A poll cut at maxItemsPerPoll keeps the old validators, so the next poll reads the rest.
  const full = r.items.length >= rt.config.watch.maxItemsPerPoll;
  await rt.watch.recordSuccess(src, {
    notModified: r.notModified, seen, fresh, itemError,
    etag: full ? null : r.etag, lastModified: full ? null : r.lastModified, listingDigest: full ? null : r.listingDigest,
  });
  rt.on.polled?.(src, { notModified: r.notModified, seen, fresh });
}

// ------------------------------------------------------------------------------------------ ingest

export async function ingestJob(rt: Runtime, sha256: string): Promise<void> {
  const staged = await rt.watch.loadItem(sha256);
  if (!staged) return;
  let documentId = staged.documentId;
  if (staged.state === 'staged') {
    const db = rt.watch.db;
    const known = await db.get<{ id: number }>('SELECT id FROM documents WHERE sha256 = ?', [sha256]);
    let status: 'new' | 'duplicate' | 'failed' = 'duplicate';
    let events = 0;
    if (known) documentId = Number(known.id);
    else {
      const item = staged.item;
      const res = extractDocument({ ...item.document, captured: item.document.captured ?? item.capturedAt }, { config: rt.config });
      if (!res.ok) {
        await rt.store.recordIngestError({ locator: item.origin.locator, sha256, code: res.error.code, message: res.error.message });
        await rt.watch.markIngested(sha256, null, res.error.code);
        rt.on.ingested?.(sha256, { documentId: 0, status: 'failed', events: 0, latencyMs: Date.now() - staged.polledAtMs });
        return;
      }
      const input: IngestDocumentInput = {
        sha256, raw: item.raw, mediaType: item.mediaType, capturedAt: item.capturedAt, origin: `${item.origin.kind}:${item.origin.locator}`,
        source: { name: item.source.name, kind: item.source.kind, url: item.source.url ?? null },
        document: item.document, text: res.doc.text, language: res.doc.language, events: res.doc.events,
      };
      const out = await rt.store.ingestDocument(input);
      documentId = out.documentId;
      status = out.status;
      events = out.eventIds.length;
    }
    await rt.watch.markIngested(sha256, documentId);
    rt.on.ingested?.(sha256, { documentId: documentId!, status, events, latencyMs: Date.now() - staged.polledAtMs });
  }
  if (documentId !== null) await rt.queue.send('alert', { documentId }, { key: `doc:${documentId}` });
}

// ------------------------------------------------------------------------------------------ alert

export async function alertJob(rt: Runtime, documentId: number): Promise<void> {
  const ids = await evaluateDocument(rt.store, rt.alerts, documentId, rt.config.alerts);
  for (const id of ids) await rt.queue.send('deliver', { deliveryId: id }, { key: `d:${id}` });
}

/** A reviewer changed incident `incidentId` (review action `reviewId`): same matching, change key `review:<id>`. */
export async function reviewAlertJob(rt: Runtime, incidentId: number, reviewId: number): Promise<void> {
  const ids = await evaluateReview(rt.store, rt.alerts, incidentId, reviewId, rt.config.alerts);
  for (const id of ids) await rt.queue.send('deliver', { deliveryId: id }, { key: `d:${id}` });
}

/**
 * Review actions since the last scan become alert jobs (one per action and incident it touched). The cursor
 * starts at the newest action when first read, so an upgrade does not alert on past reviews.
 */
export async function scanReviews(rt: Runtime, limit = 500): Promise<number> {
  const db = rt.watch.db;
  const cur = await db.get<{ value: number }>(`SELECT value FROM watch_cursors WHERE name = 'review_actions'`);
  if (!cur) {
    const max = Number((await db.get<{ m: number | null }>('SELECT max(id) AS m FROM review_actions'))?.m ?? 0);
    await db.run(`INSERT INTO watch_cursors (name, value) VALUES ('review_actions', ?) ON CONFLICT (name) DO NOTHING`, [max]);
    return 0;
  }
  const from = Number(cur.value);
  const rows = await db.all<{ id: number; target_kind: string; target_id: number; incident_id: number | null }>(
    `SELECT r.id, r.target_kind, r.target_id, e.incident_id FROM review_actions r LEFT JOIN events e ON r.target_kind = 'event' AND e.id = r.target_id
     WHERE r.id > ? ORDER BY r.id LIMIT ${Math.min(limit, 5000)}`, [from]);
  if (!rows.length) return 0;
  for (const r of rows) {
    const incidentId = r.target_kind === 'incident' ? Number(r.target_id) : r.incident_id === null ? null : Number(r.incident_id);
    if (incidentId !== null) await rt.queue.send('alert', { incidentId, reviewId: Number(r.id) }, { key: `rev:${r.id}` });
  }
  // Compare-and-set: of two schedulers, one moves the cursor; the other's sends were deduplicated by key or are harmless repeats.
  await db.run(`UPDATE watch_cursors SET value = ? WHERE name = 'review_actions' AND value = ?`, [Number(rows[rows.length - 1].id), from]);
  return rows.length;
}

// ------------------------------------------------------------------------------------------ deliver

export async function deliverJob(rt: Runtime, deliveryId: number, lastAttempt: boolean): Promise<void> {
  const cfg = rt.config.alerts;
  const leased = await rt.alerts.lease(deliveryId, cfg.webhookTimeoutMs * 2 + 5000);
  if (!leased) return; // sent already
  // Another worker is sending it; if that worker dies, its lease runs out and this retry takes over.
  if (leased === 'held') throw new Error(`delivery ${deliveryId} is being sent by another worker`);
  const { delivery, alert } = leased;
  if (!alert) return;
  const payload = { ...delivery.payload, deliveryId: delivery.id };
  const errors: string[] = [];
  if (delivery.webhookState === 'pending' && alert.webhookUrl) {
    try {
      await postWebhook(alert.webhookUrl, alert.webhookSecret ?? '', delivery.id, JSON.stringify(payload), { allowPrivate: rt.allowPrivate, timeoutMs: cfg.webhookTimeoutMs });
      await rt.alerts.markChannel(delivery.id, 'webhook', 'sent');
      rt.on.delivered?.(delivery.id, 'webhook', true);
    } catch (e) {
      const err = toVigilError(e);
      errors.push(err.message);
      // A private target stays refused however often it is retried.
      const final = lastAttempt || err.code === 'VIGIL_ERR_PRIVATE_ADDRESS' || err.code === 'VIGIL_ERR_UNSUPPORTED_URL';
      if (final) await rt.alerts.markChannel(delivery.id, 'webhook', 'failed', err.message);
      rt.on.delivered?.(delivery.id, 'webhook', false, err.code);
      if (final) errors.pop();
    }
  }
  if (delivery.emailState === 'pending' && alert.email) {
    try {
      await sendEmail(cfg.smtpUrl, cfg.smtpFrom, alert.email, payload, cfg.webhookTimeoutMs);
      await rt.alerts.markChannel(delivery.id, 'email', 'sent');
      rt.on.delivered?.(delivery.id, 'email', true);
    } catch (e) {
      const err = toVigilError(e);
      errors.push(err.message);
      if (lastAttempt || !cfg.smtpUrl) {
        await rt.alerts.markChannel(delivery.id, 'email', 'failed', err.message);
        errors.pop();
      }
      rt.on.delivered?.(delivery.id, 'email', false, err.code);
    }
  }
  await rt.alerts.release(delivery.id, errors[0] ?? null);
  // Throwing hands the job back to the queue, which retries it after retryDelayMs x 2^attempt.
  if (errors.length) throw new Error(errors.join('; '));
}

// ------------------------------------------------------------------------------------------ workers and scheduler

export interface WorkerOptions {
  ingestConcurrency?: number;
}

/** Register the four handlers on the queue. */
export async function startWorkers(rt: Runtime, opts: WorkerOptions = {}): Promise<void> {
  const retry = { retryLimit: rt.config.alerts.retryLimit };
  await rt.queue.work<{ sourceId: number }>('fetch', { concurrency: 2 }, (j) => fetchJob(rt, Number(j.data.sourceId)));
  await rt.queue.work<{ sha256: string }>('ingest', { concurrency: opts.ingestConcurrency ?? rt.config.watch.ingestConcurrency }, (j) => ingestJob(rt, String(j.data.sha256)));
  await rt.queue.work<{ documentId?: number; incidentId?: number; reviewId?: number }>('alert', { concurrency: 1 }, (j) =>
    j.data.reviewId !== undefined ? reviewAlertJob(rt, Number(j.data.incidentId), Number(j.data.reviewId)) : alertJob(rt, Number(j.data.documentId)));
  await rt.queue.work<{ deliveryId: number }>('deliver', { concurrency: 2 }, (j) => deliverJob(rt, Number(j.data.deliveryId), j.attempt >= retry.retryLimit));
}

/** Queue again what a crash may have left unsent: staged items and pending deliveries (job keys dedupe). */
export async function recover(rt: Runtime): Promise<{ items: number; deliveries: number }> {
  const items = await rt.watch.staged();
  for (const sha of items) await rt.queue.send('ingest', { sha256: sha }, { key: sha });
  const deliveries = await rt.alerts.pendingDeliveries();
  for (const id of deliveries) await rt.queue.send('deliver', { deliveryId: id }, { key: `d:${id}` });
  return { items: items.length, deliveries: deliveries.length };
}

/** Every tick: sources due for a poll are claimed (one process wins each) and a fetch job is queued. */
export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  constructor(private readonly rt: Runtime) {}

  async tick(): Promise<number> {
    if (this.busy) return 0;
    this.busy = true;
    let n = 0;
    try {
      await scanReviews(this.rt).catch(() => 0);
      for (const src of await this.rt.watch.due()) {
        if (await this.rt.watch.claim(src)) {
          await this.rt.queue.send('fetch', { sourceId: src.id }, { key: `src:${src.id}` });
          n++;
        }
      }
    } finally {
      this.busy = false;
    }
    return n;
  }

  start(): void {
    const run = () => {
      this.tick().catch(() => undefined).finally(() => {
        if (this.timer) this.timer = setTimeout(run, this.rt.config.watch.tickMs);
      });
    };
    this.timer = setTimeout(run, 0);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

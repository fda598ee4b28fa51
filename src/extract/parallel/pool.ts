/**
 * Batch extraction on several cores: a pool of worker threads (./worker.ts), each with its own lexicons and
 * gazetteer, fed from an input sequence and yielding results IN INPUT ORDER, with a bounded number of documents
 * in flight. With one worker requested, documents are extracted in the calling thread (no threads at all).
 *
 *   for await (const { item, result } of extractInOrder(items, (it) => it.doc, { config })) write(result)
 *
 * A worker that dies (out of memory on a huge document, a crash) fails only the document it was working on
 * (VIGIL_ERR_WORKER_FAILED); the documents queued behind it go to a fresh worker, so nothing is lost.
 * A worker still on one document 1.5x its time budget (config `extraction.documentTimeoutMs`) after starting it
 * is killed the same way, and that document fails with VIGIL_ERR_DOCUMENT_TIMEOUT: the budget is checked
 * cooperatively inside the worker, and this catches whatever runs between two checks.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { VigilConfig } from '../../config/schema.js';
import { VigilError } from '../../errors/catalogue.js';
import type { Logger } from '../../log.js';
import type { SourceDocument } from '../../model/document.js';
import { extractDocument, type ExtractResult } from '../pipeline.js';
import type { WorkerMessage, WorkerRequest } from './protocol.js';

export interface PoolOptions {
  config: VigilConfig;
  /** Worker threads; default config.extraction.workers; 0 = one per CPU core. */
  workers?: number;
  /** Level of the workers' pipeline logs (pino), default 'error'. */
  logLevel?: string;
  /** For the in-thread path (one worker). */
  logger?: Logger;
}

/** The number of threads a `workers` setting means on this machine. */
export function workerCount(requested: number): number {
  return requested === 0 ? Math.max(1, os.availableParallelism()) : Math.max(1, requested);
}

interface Pending {
  req: WorkerRequest;
  resolve: (r: ExtractResult) => void;
}

interface Slot {
  worker: Worker;
  /** Requests sent to this worker, oldest first: the worker handles them in this order. */
  pending: Pending[];
  /** The worker has loaded its lexicons and gazetteer and said so. */
  ready: boolean;
  lastError?: string;
  /** Kills the worker when its current document overruns its budget. */
  timer?: NodeJS.Timeout;
  /** The worker was killed for overrunning on its current document. */
  overran?: boolean;
}

function spawn(config: VigilConfig, logLevel: string): Worker {
  const ts = import.meta.url.endsWith('.ts');
  const url = new URL(ts ? './worker.ts' : './worker.js', import.meta.url);
  const options = {
    workerData: { config, logLevel },
    resourceLimits: { maxOldGenerationSizeMb: config.extraction.workerHeapMb },
  };
  // From source (tests, tsx) the worker registers the TypeScript loader before importing itself.
  if (ts) return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`, { ...options, eval: true });
  return new Worker(url, options);
}

export class ExtractPool {
  private slots: Slot[] = [];
  private seq = 0;
  private closed = false;
  /** Workers in a row that died before saying they were ready: a worker that cannot even start is not respawned forever. */
  private deadOnArrival = 0;
  private broken: string | null = null;

  constructor(private readonly config: VigilConfig, readonly size: number, private readonly logLevel = 'error') {
    for (let i = 0; i < size; i++) this.slots.push(this.newSlot());
  }

  private newSlot(): Slot {
    const slot: Slot = { worker: spawn(this.config, this.logLevel), pending: [], ready: false };
    slot.worker.on('message', (reply: WorkerMessage) => {
      if ('ready' in reply) {
        slot.ready = true;
        this.deadOnArrival = 0;
        return;
      }
      const head = slot.pending.shift();
      if (!head || head.req.seq !== reply.seq) throw new Error(`extraction worker replied out of order (${reply.seq})`);
      this.arm(slot);
      head.resolve(reply.ok ? { ok: true, doc: reply.doc } : { ok: false, id: reply.id, error: rebuildError(reply.error) });
    });
    // 'error' (uncaught exception, out of memory) is followed by 'exit'; handle the loss once, on exit.
    slot.worker.on('error', (e) => {
      slot.lastError = e.message;
    });
    slot.worker.on('exit', (code) => this.onExit(slot, code));
    return slot;
  }

  /**
   * (Re)start the overrun timer for the document the worker is on now (the head of its queue; a worker that is not
   * ready yet is loading, and its first document's clock starts when it is ready).
   */
  private arm(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.timer = undefined;
    if (!slot.pending.length || this.closed) return;
    const limitMs = Math.ceil(this.config.extraction.documentTimeoutMs * 1.5) + (slot.ready ? 0 : STARTUP_MS);
    slot.timer = setTimeout(() => {
      slot.overran = true;
      void slot.worker.terminate();
    }, limitMs);
    slot.timer.unref?.();
  }

  private onExit(slot: Slot, code: number): void {
    clearTimeout(slot.timer);
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    const lost = slot.pending;
    slot.pending = [];
    if (this.closed) return;
    const why = `worker exited with code ${code}${slot.lastError ? `: ${slot.lastError}` : ''}`;
    const fail = (p: Pending, detail: string) => p.resolve({ ok: false, id: p.req.input.id, error: new VigilError('VIGIL_ERR_WORKER_FAILED', detail) });
    if (slot.overran) {
      const [guilty, ...innocent] = lost;
      const fresh = this.newSlot();
      this.slots[i] = fresh;
      const ms = Math.ceil(this.config.extraction.documentTimeoutMs * 1.5);
      if (guilty) guilty.resolve({ ok: false, id: guilty.req.input.id, error: new VigilError('VIGIL_ERR_DOCUMENT_TIMEOUT', `worker killed after ${ms} ms on this document`) });
      for (const p of innocent) this.send(fresh, p);
      return;
    }
    if (!slot.ready && ++this.deadOnArrival >= 3) {
      this.broken = `workers cannot start (${why})`;
      this.slots.splice(i, 1);
      for (const p of lost) fail(p, this.broken);
      return;
    }
    // The worker handles its requests in order, so the oldest one killed it; the others go to a fresh worker.
    const [guilty, ...innocent] = lost;
    const fresh = this.newSlot();
    this.slots[i] = fresh;
    if (guilty) fail(guilty, why);
    for (const p of innocent) this.send(fresh, p);
  }

  private send(slot: Slot, p: Pending): void {
    slot.pending.push(p);
    slot.worker.postMessage(p.req);
    if (slot.pending.length === 1) this.arm(slot);
  }

  /** Extract one document on the least busy worker. */
  extract(input: SourceDocument): Promise<ExtractResult> {
    if (this.closed) return Promise.reject(new Error('ExtractPool is closed'));
    if (this.broken || !this.slots.length) {
      return Promise.resolve({ ok: false, id: input.id, error: new VigilError('VIGIL_ERR_WORKER_FAILED', this.broken ?? 'no worker left') });
    }
    const slot = this.slots.reduce((a, b) => (b.pending.length < a.pending.length ? b : a));
    return new Promise((resolve) => this.send(slot, { req: { seq: this.seq++, input }, resolve }));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const s of this.slots) clearTimeout(s.timer);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots = [];
  }
}

/** Extra time a fresh worker gets for loading lexicons and the gazetteer before its first document's clock counts. */
const STARTUP_MS = 30_000;

function rebuildError(e: { code: VigilError['code']; message: string; details?: unknown }): VigilError {
  const err = new VigilError(e.code, undefined, e.details);
  err.message = e.message;
  return err;
}

/**
 * Extract every item's document (`toInput` returns null to pass an item through unextracted) and yield
 * { item, result } in input order. At most workers × config.extraction.queuePerWorker documents are in flight.
 */
export async function* extractInOrder<T>(
  items: AsyncIterable<T> | Iterable<T>,
  toInput: (item: T) => SourceDocument | null,
  opts: PoolOptions,
): AsyncGenerator<{ item: T; result: ExtractResult | null }> {
  const size = workerCount(opts.workers ?? opts.config.extraction.workers);
  if (size === 1) {
    for await (const item of items) {
      const input = toInput(item);
      yield { item, result: input ? extractDocument(input, { config: opts.config, logger: opts.logger }) : null };
    }
    return;
  }
  const pool = new ExtractPool(opts.config, size, opts.logLevel ?? 'error');
  const window = size * opts.config.extraction.queuePerWorker;
  const queue: { item: T; result: Promise<ExtractResult | null> }[] = [];
  try {
    for await (const item of items) {
      const input = toInput(item);
      queue.push({ item, result: input ? pool.extract(input) : Promise.resolve(null) });
      if (queue.length >= window) {
        const head = queue.shift()!;
        yield { item: head.item, result: await head.result };
      }
    }
    while (queue.length) {
      const head = queue.shift()!;
      yield { item: head.item, result: await head.result };
    }
  } finally {
    await pool.close();
  }
}

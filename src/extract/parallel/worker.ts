/**
 * Extraction worker thread: receives SourceDocuments from ./pool.ts, runs the same pipeline as the calling thread
 * would, and posts back the document fields that callers read (never functions or caches a stage may attach).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { extractDocument } from '../pipeline.js';
import { rootLogger } from '../../log.js';
import type { VigilConfig } from '../../config/schema.js';
import type { SourceDocument } from '../../model/document.js';
import type { WorkerMessage, WorkerReply, WorkerRequest } from './protocol.js';
import { portableDoc } from './protocol.js';

const { config, logLevel } = workerData as { config: VigilConfig; logLevel: string };
const logger = rootLogger.child({ worker: true }, { level: logLevel });

// Loading lexicons and the gazetteer takes most of a second: do it before the first real document arrives.
extractDocument({ id: 'warm-up', source: 'Warplanes struck the town on Monday, killing 3 people.' } satisfies SourceDocument, { config, logger: rootLogger.child({}, { level: 'silent' }) });
parentPort!.postMessage({ ready: true } satisfies WorkerMessage);

parentPort!.on('message', (req: WorkerRequest) => {
  const r = extractDocument(req.input, { config, logger });
  const reply: WorkerReply = r.ok
    ? { seq: req.seq, ok: true, doc: portableDoc(r.doc) }
    : { seq: req.seq, ok: false, id: r.id, error: { code: r.error.code, message: r.error.message, details: r.error.details } };
  parentPort!.postMessage(reply);
});

/** Messages between ./pool.ts and ./worker.ts (structured clone: plain data only). */
import type { Doc, SourceDocument } from '../../model/document.js';
import type { ErrorCode } from '../../errors/catalogue.js';

export interface WorkerRequest {
  seq: number;
  input: SourceDocument;
}

export type WorkerReply =
  | { seq: number; ok: true; doc: Doc }
  | { seq: number; ok: false; id: string; error: { code: ErrorCode; message: string; details?: unknown } };

/** What a worker posts: `ready` once, after loading its lexicons and gazetteer, then one reply per request. */
export type WorkerMessage = WorkerReply | { ready: true };

/** The Doc fields callers read, copied by name so that nothing else a stage attaches has to cross threads. */
export function portableDoc(doc: Doc): Doc {
  return {
    id: doc.id,
    source: doc.source,
    mediaType: doc.mediaType,
    text: doc.text,
    ...(doc.sourceMap ? { sourceMap: doc.sourceMap } : {}),
    title: doc.title,
    language: doc.language,
    published: doc.published,
    captured: doc.captured,
    url: doc.url,
    sentences: doc.sentences,
    mentions: doc.mentions,
    places: doc.places,
    events: doc.events,
    warnings: doc.warnings,
    ...(doc.capture ? { capture: doc.capture } : {}),
    ...(doc.languages ? { languages: doc.languages } : {}),
    ...(doc.reportDate !== undefined ? { reportDate: doc.reportDate } : {}),
  };
}

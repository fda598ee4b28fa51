/** Input guards run before any stage: size, emptiness, binary content. */
import type { SourceDocument } from '../model/document.js';
import type { VigilConfig } from '../config/schema.js';
import { VigilError, toVigilError } from '../errors/catalogue.js';
import { createReadStream, statSync, readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { firstLineTitle } from '../model/front-matter.js';

export function checkInput(input: SourceDocument, config: VigilConfig): void {
  const bytes = Buffer.byteLength(input.source, 'utf8');
  if (bytes > config.limits.maxDocumentBytes) {
    throw new VigilError('VIGIL_ERR_TOO_LARGE', `${bytes} bytes > limits.maxDocumentBytes ${config.limits.maxDocumentBytes} (VIGIL_MAX_DOCUMENT_BYTES)`);
  }
  if (input.source.trim() === '') throw new VigilError('VIGIL_ERR_EMPTY_INPUT');
  // NUL or a high share of C0 control characters means this is not text.
  // eslint-disable-next-line no-control-regex
  const controls = input.source.match(/[\u0000-\u0008\u000E-\u001F]/g)?.length ?? 0;
  if (input.source.includes('\u0000') || controls > input.source.length * 0.01) {
    throw new VigilError('VIGIL_ERR_BINARY_INPUT');
  }
}

// ---------------------------------------------------------------------------------------------
// Reading documents for `vigil extract`: one file (text, HTML, Markdown) or a JSONL file of FORMAT.md documents.
// Every problem is reported per document (an error item), so that a batch goes on.


export type InputItem =
  | { ok: true; doc: SourceDocument; line?: number }
  | { ok: false; id: string; line?: number; error: VigilError };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes -> text: refuses binary (NUL bytes) and invalid UTF-8 instead of guessing. Strips a BOM. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.includes(0)) throw new VigilError('VIGIL_ERR_BINARY_INPUT', 'NUL bytes');
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new VigilError('VIGIL_ERR_BAD_ENCODING');
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function mediaTypeFor(name: string): SourceDocument['mediaType'] | undefined {
  const ext = extname(name).toLowerCase();
  if (ext === '.html' || ext === '.htm' || ext === '.xhtml') return 'text/html';
  if (ext === '.md' || ext === '.markdown') return 'text/markdown';
  if (ext === '.txt') return 'text/plain';
  return undefined;
}

/** A FORMAT.md document line -> SourceDocument; throws VIGIL_ERR_BAD_JSONL when it is not one. */
export function parseDocumentLine(line: string, fallbackId: string): SourceDocument {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (e) {
    throw new VigilError('VIGIL_ERR_BAD_JSONL', (e as Error).message);
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new VigilError('VIGIL_ERR_BAD_JSONL', 'not a JSON object');
  const o = obj as Record<string, unknown>;
  if (typeof o.text !== 'string') throw new VigilError('VIGIL_ERR_BAD_JSONL', 'no string "text" field');
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
  return {
    id: str(o.id) ?? fallbackId,
    source: o.text,
    language: str(o.language),
    published: str(o.published),
    url: str(o.url),
    title: str(o.title),
    mediaType: o.mediaType === 'text/html' || o.mediaType === 'text/markdown' ? o.mediaType : undefined,
  };
}

export interface ReadOptions {
  config: VigilConfig;
  /** Treat the input as JSONL even without a .jsonl name. */
  jsonl?: boolean;
}

async function readAllBytes(stream: NodeJS.ReadableStream, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const chunk of stream) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    n += b.length;
    if (n > limit) throw new VigilError('VIGIL_ERR_TOO_LARGE', `more than limits.maxFileBytes ${limit} bytes (VIGIL_MAX_FILE_BYTES)`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

function looksLikeJsonl(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 4096).toString('utf8').trimStart();
  if (!head.startsWith('{')) return false;
  const first = head.split('\n')[0];
  try {
    const o = JSON.parse(first) as Record<string, unknown>;
    return typeof o === 'object' && o !== null && 'text' in o;
  } catch {
    return false;
  }
}

/**
 * Documents from a path ('-' = stdin). A JSONL file yields one item per non-empty line, each checked on its own;
 * any other file is one document (its media type from the extension, else sniffed by 10-normalize).
 */
export async function* readDocuments(path: string, opts: ReadOptions): AsyncGenerator<InputItem> {
  const { limits } = opts.config;
  const name = path === '-' ? 'stdin' : basename(path);
  const isJsonlName = /\.jsonl$|\.ndjson$/i.test(path);
  if (path !== '-') {
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      throw new VigilError('VIGIL_ERR_FILE_NOT_FOUND', path);
    }
    // a file over the limit is this input's failure (exit status 1, as for any failed document), not a fatal error
    if (size > limits.maxFileBytes) {
      yield { ok: false, id: name, error: new VigilError('VIGIL_ERR_TOO_LARGE', `${path}: ${size} bytes > limits.maxFileBytes ${limits.maxFileBytes} (VIGIL_MAX_FILE_BYTES)`) };
      return;
    }
    if (opts.jsonl || isJsonlName) {
      yield* readJsonl(createReadStream(path), name, opts);
      return;
    }
    // a single document: refuse it before reading when it is over the per-document limit
    if (size > limits.maxDocumentBytes) {
      yield { ok: false, id: name, error: new VigilError('VIGIL_ERR_TOO_LARGE', `${size} bytes > limits.maxDocumentBytes ${limits.maxDocumentBytes}`) };
      return;
    }
    yield oneDocument(readFileSync(path), name, mediaTypeFor(path));
    return;
  }
  let bytes: Buffer;
  try {
    bytes = await readAllBytes(process.stdin, limits.maxFileBytes);
  } catch (e) {
    yield { ok: false, id: name, error: toVigilError(e) };
    return;
  }
  if (opts.jsonl || looksLikeJsonl(bytes)) {
    const { Readable } = await import('node:stream');
    yield* readJsonl(Readable.from([bytes]), name, opts);
    return;
  }
  if (bytes.length > limits.maxDocumentBytes) {
    yield { ok: false, id: name, error: new VigilError('VIGIL_ERR_TOO_LARGE', `${bytes.length} bytes > limits.maxDocumentBytes ${limits.maxDocumentBytes}`) };
    return;
  }
  yield oneDocument(bytes, name, undefined);
}

function oneDocument(bytes: Buffer, id: string, mediaType: SourceDocument['mediaType'] | undefined): InputItem {
  try {
    const source = decodeText(bytes);
    // a text or Markdown report's first line is its title, as `vigil ingest` stores it (src/model/front-matter.ts)
    const title = mediaType === 'text/html' || /^\s*</.test(source) ? null : firstLineTitle(source);
    return { ok: true, doc: { id, source, mediaType, ...(title ? { title } : {}) } };
  } catch (e) {
    return { ok: false, id, error: e instanceof VigilError ? e : new VigilError('VIGIL_ERR_INTERNAL', String(e)) };
  }
}

/** Split a byte stream into lines without decoding first, so one bad line cannot spoil the others. */
async function* readJsonl(stream: NodeJS.ReadableStream, name: string, opts: ReadOptions): AsyncGenerator<InputItem> {
  const maxLine = opts.config.limits.maxLineBytes;
  let buf: Buffer = Buffer.alloc(0);
  let lineNo = 0;
  let skipping = false; // inside an over-long line: drop bytes up to the next newline
  const emit = (bytes: Buffer): InputItem | null => {
    lineNo++;
    const fallback = `${name}:${lineNo}`;
    if (bytes.length && bytes[bytes.length - 1] === 13) bytes = bytes.subarray(0, bytes.length - 1);
    if (bytes.toString('utf8').trim() === '') return null;
    let text: string;
    try {
      text = decodeText(bytes);
    } catch (e) {
      return { ok: false, id: fallback, line: lineNo, error: e as VigilError };
    }
    try {
      return { ok: true, doc: parseDocumentLine(text, fallback), line: lineNo };
    } catch (e) {
      return { ok: false, id: fallback, line: lineNo, error: e as VigilError };
    }
  };
  for await (const chunk of stream) {
    buf = buf.length ? Buffer.concat([buf, chunk as Buffer]) : (chunk as Buffer);
    let nl: number;
    while ((nl = buf.indexOf(10)) >= 0) {
      const line = buf.subarray(0, nl);
      buf = buf.subarray(nl + 1);
      if (skipping) {
        skipping = false;
        continue;
      }
      const item = emit(line);
      if (item) yield item;
    }
    if (!skipping && buf.length > maxLine) {
      lineNo++;
      yield { ok: false, id: `${name}:${lineNo}`, line: lineNo, error: new VigilError('VIGIL_ERR_TOO_LARGE', `JSONL line over limits.maxLineBytes ${maxLine}`) };
      skipping = true;
      buf = Buffer.alloc(0);
    } else if (skipping) buf = Buffer.alloc(0);
  }
  if (buf.length && !skipping) {
    const item = emit(buf);
    if (item) yield item;
  }
}

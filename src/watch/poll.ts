/**
 * One poll of one watched source, through ingest's readers (src/ingest): nothing here parses feeds,
 * pages or exports itself.
 * - http(s): a conditional GET (If-None-Match / If-Modified-Since from the last answer) with ingest's
 *   SSRF-safe fetch; 304 means nothing new. A 200 body goes to `readSources` as if it had fetched it.
 * - folders, Telegram export folders, files: a listing of (path, size, mtime); an unchanged listing
 *   means nothing new, otherwise the folder is read again (known items are skipped by SHA-256 later).
 */
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fetchUrl } from '../ingest/fetch.js';
import { readSources } from '../ingest/read.js';
import type { FetchResult, IngestItem } from '../ingest/types.js';
import type { VigilConfig } from '../config/schema.js';
import type { WatchSource } from './repo.js';

export interface PollContext {
  allowPrivate: boolean;
  limits: VigilConfig['limits'];
  maxItems: number;
}

export interface PollResult {
  notModified: boolean;
  items: IngestItem[];
  etag?: string | null;
  lastModified?: string | null;
  listingDigest?: string | null;
  /** HTTP status of the answer (URLs). */
  status?: number;
}

/** Most files listed in one watched folder (the listing is hashed, never stored). */
const MAX_LISTING = 200_000;

async function listingDigest(path: string): Promise<string> {
  const h = createHash('sha256');
  let n = 0;
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.') || ++n > MAX_LISTING) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else {
        const st = await stat(p).catch(() => null);
        if (st?.isFile()) h.update(`${p}\0${st.size}\0${st.mtimeMs}\n`);
      }
    }
  };
  const st = await stat(path);
  if (st.isDirectory()) await walk(path);
  else h.update(`${path}\0${st.size}\0${st.mtimeMs}\n`);
  return h.digest('hex');
}

async function collect(items: AsyncIterable<IngestItem>, max: number): Promise<IngestItem[]> {
  const out: IngestItem[] = [];
  for await (const it of items) {
    out.push(it);
    if (out.length >= max) break;
  }
  return out;
}

export async function pollSource(src: WatchSource, ctx: PollContext): Promise<PollResult> {
  if (src.kind === 'url') {
    const headers: Record<string, string> = {};
    if (src.etag) headers['if-none-match'] = src.etag;
    if (src.lastModified) headers['if-modified-since'] = src.lastModified;
    // Throws a VigilError (private address, timeout, HTTP 5xx ...): the caller records it and backs off.
    const res: FetchResult = await fetchUrl(src.url, {
      allowPrivate: ctx.allowPrivate, maxBytes: ctx.limits.maxFetchBytes, timeoutMs: ctx.limits.fetchTimeoutMs,
      maxRedirects: ctx.limits.maxRedirects, headers,
    });
    if (res.status === 304) return { notModified: true, items: [], status: 304 };
    const items = await collect(readSources([src.url], {
      allowPrivate: ctx.allowPrivate, limits: ctx.limits, fetch: async () => res,
    }), ctx.maxItems);
    return { notModified: false, items, etag: res.headers.etag ?? null, lastModified: res.headers['last-modified'] ?? null, status: res.status };
  }
  const digest = await listingDigest(src.url);
  if (digest === src.listingDigest) return { notModified: true, items: [], listingDigest: digest };
  const items = await collect(readSources([src.url], { limits: ctx.limits }), ctx.maxItems);
  return { notModified: false, items, listingDigest: digest };
}

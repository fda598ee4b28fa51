/**
 * A small response cache for the read-heavy list endpoints (events, incidents, histogram): the map and
 * timeline of every analyst ask the same few queries, and each costs a database scan. Entries live
 * `ttlMs` (default 2 s, so reports ingested by another process show up within that), every write
 * through this server clears the cache at once, and size is bounded by entries and bytes.
 * Only answers to authenticated callers are cached, and every role sees the same data, so the key is
 * the URL alone.
 */
export interface ResponseCacheOptions {
  ttlMs: number;
  maxEntries: number;
  maxBytes: number;
}

export const DEFAULT_RESPONSE_CACHE: ResponseCacheOptions = { ttlMs: 2_000, maxEntries: 1_000, maxBytes: 64 * 1024 * 1024 };

export class ResponseCache {
  private readonly entries = new Map<string, { at: number; body: string }>();
  private bytes = 0;
  hits = 0;
  misses = 0;
  constructor(private readonly opts: ResponseCacheOptions = DEFAULT_RESPONSE_CACHE) {}

  get(key: string, now = Date.now()): string | undefined {
    const e = this.entries.get(key);
    if (!e || now - e.at > this.opts.ttlMs) {
      if (e) this.drop(key);
      this.misses++;
      return undefined;
    }
    this.hits++;
    return e.body;
  }

  set(key: string, body: string, now = Date.now()): void {
    if (this.opts.ttlMs <= 0 || body.length > this.opts.maxBytes / 4) return;
    this.drop(key);
    while (this.entries.size >= this.opts.maxEntries || this.bytes + body.length > this.opts.maxBytes) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.drop(oldest);
    }
    this.entries.set(key, { at: now, body });
    this.bytes += body.length;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private drop(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.bytes -= e.body.length;
    this.entries.delete(key);
  }
}

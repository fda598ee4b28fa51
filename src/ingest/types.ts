/**
 * Public types of the ingest building blocks. The store (src/store) calls `readSources` and
 * persists each `IngestItem`: the original bytes with their SHA-256 (provenance), the
 * `SourceDocument` for the extractor, and the source (publisher / channel) with its kind.
 */
import type { SourceDocument } from '../model/document.js';
import type { ErrorCode, VigilError } from '../errors/catalogue.js';
import type { VigilConfig } from '../config/schema.js';

/** Source kinds (issue #4 item 4); the same vocabulary as SourceCueValue.kind. */
export type SourceKind = 'official' | 'independent-media' | 'social-media' | 'observer' | 'ngo' | 'unknown';

/** Where an item came from. `locator` is a path, a URL, or `path#line=N` / `url#item=N` / `path#message=ID`. */
export interface IngestOrigin {
  kind: 'file' | 'url' | 'feed-item' | 'jsonl-line' | 'csv-row' | 'telegram-message';
  locator: string;
  /** The top-level input (path or URL) the user gave, for grouping progress and errors. */
  input: string;
}

export interface IngestSource {
  /** Publisher, channel or domain ("sana.sy", "Reuters", "@channelname"). */
  name: string;
  kind: SourceKind;
  url?: string;
}

export interface IngestOk {
  ok: true;
  /**
   * The original bytes of this item, untouched: the whole file for a file or web page;
   * for items cut out of a container (a JSONL line, a CSV row, a feed item, a Telegram
   * message) the exact bytes of that line / row / element as they appear in the container.
   */
  raw: Buffer;
  /** Lower-case hex SHA-256 of `raw`. */
  sha256: string;
  /** ISO timestamp of capture (read or fetch time). */
  capturedAt: string;
  origin: IngestOrigin;
  /** Media type of `raw` ("text/plain", "text/html", "application/json", "application/rss+xml" …). */
  mediaType: string;
  /** What the extractor reads. `id` is `sha256:<hex of raw>` unless the input carries its own id (JSONL `id`). */
  document: SourceDocument;
  source: IngestSource;
  /**
   * For items cut out of a container (JSONL line, CSV row, feed item, Telegram message): the whole
   * container's locator and SHA-256, so the item's bytes can be traced to the file or response they
   * came from. (Telegram messages' `raw` is the canonical JSON of the message, not a byte slice.)
   */
  container?: { locator: string; sha256: string };
  /** For URL fetches: the final URL after redirects and the HTTP status. */
  fetch?: { finalUrl: string; status: number; redirects: string[] };
  /**
   * What the reader repaired or lost in this item's container (a malformed or truncated feed), each with a catalogue
   * code (VIGIL_ERR_FEED_MALFORMED, VIGIL_ERR_FEED_TRUNCATED). Set on the container's first item only.
   */
  warnings?: { code: ErrorCode; message: string }[];
}

export interface IngestFailed {
  ok: false;
  origin: IngestOrigin;
  error: VigilError;
}

export type IngestItem = IngestOk | IngestFailed;

/** A fetch function (same shape as `fetchUrl` in ./fetch.ts) so tests or callers may substitute one. */
export type Fetcher = (url: string, opts: FetchOptions) => Promise<FetchResult>;

export interface FetchOptions {
  allowPrivate: boolean;
  /** Host names (as in the URL) exempt from the private-address check, e.g. one intranet server; every other hop is still checked. */
  allowHosts?: string[];
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
  /** Sent as User-Agent. */
  userAgent?: string;
  /** Extra request headers (conditional GET: If-None-Match, If-Modified-Since); a 304 answer is then returned, not thrown. */
  headers?: Record<string, string>;
}

export interface FetchResult {
  finalUrl: string;
  status: number;
  /** Lower-case header map. */
  headers: Record<string, string>;
  body: Buffer;
  redirects: string[];
}

export interface ReadSourcesOptions {
  /** Allow URLs that resolve to loopback / private / link-local addresses (CLI --allow-private). Default false. */
  allowPrivate?: boolean;
  /** Size and time limits; defaults from src/config/schema.ts. */
  limits?: Partial<VigilConfig['limits']>;
  /** CSV column holding the text (CLI --text-column). Default: first header named text, body or content. */
  textColumn?: string;
  /** Most items taken from one feed, JSONL, CSV or Telegram export. Default 100,000. */
  maxItemsPerContainer?: number;
  /** Most files read from one folder (recursive). Default 1,000,000. */
  maxFilesPerFolder?: number;
  /** Substitute fetcher (default: the SSRF-safe `fetchUrl`). */
  fetch?: Fetcher;
  /** Clock for capturedAt (tests). Default () => new Date(). */
  now?: () => Date;
  /** The publisher of every input that names none itself (CLI `--source NAME`). */
  source?: string;
  /** Override source classification (name/domain -> kind), merged over the built-in table. */
  sourceKinds?: Record<string, SourceKind>;
}

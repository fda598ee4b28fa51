/**
 * The one catalogue of Vigil's error codes. Each message says what went wrong and how to fix it.
 * Add new codes here (never inline strings elsewhere) so that the CLI, the API and the docs agree.
 */
export const ERRORS = {
  VIGIL_ERR_EMPTY_INPUT: { status: 400, message: 'The document is empty (no text after normalization). Check that the file has content.' },
  VIGIL_ERR_BINARY_INPUT: { status: 400, message: 'The document looks binary (NUL bytes or control characters). Vigil reads text, HTML, Markdown and JSONL; convert PDFs and images to text first.' },
  VIGIL_ERR_BAD_ENCODING: { status: 400, message: 'The document is not valid UTF-8 and declares no encoding Vigil can decode (no byte-order mark, no `<?xml … encoding="…"?>` or `<meta charset>`, no HTTP charset). Re-encode it as UTF-8 (e.g. `iconv -f WINDOWS-1256 -t UTF-8`) or declare its encoding.' },
  VIGIL_ERR_TOO_LARGE: { status: 413, message: 'The input exceeds a size limit; the detail in brackets names the setting and its environment variable (a document: `limits.maxDocumentBytes` / VIGIL_MAX_DOCUMENT_BYTES; a file: `limits.maxFileBytes` / VIGIL_MAX_FILE_BYTES; a fetched body: `limits.maxFetchBytes` / VIGIL_MAX_FETCH_BYTES). Split the input, or raise that limit.' },
  VIGIL_ERR_BAD_JSONL: { status: 400, message: 'A JSONL line is not valid JSON or lacks a string `text` field. Each line must be one JSON object like {"id": "...", "text": "..."}.' },
  VIGIL_ERR_BAD_CSV: { status: 400, message: 'The CSV file has no text column. Name the column with --text-column, or use a header named text, body or content.' },
  VIGIL_ERR_BAD_FEED: { status: 400, message: 'The feed is not valid RSS or Atom XML. Check the URL points at the feed, not at a web page.' },
  VIGIL_ERR_NOT_A_FEED: { status: 400, message: 'A feed was expected (a .rss/.atom/.xml/.rdf name or a feed content type) but the input is an HTML page. Nothing was stored from it. Ingest the feed the page names (listed in the detail, from its <link rel="alternate">), or save the page as .html to store it as one web page.' },
  VIGIL_ERR_FEED_EMPTY: { status: 422, message: 'The feed was read but has no items (no <item> or <entry>). Nothing was stored. Check that the URL is the feed itself and that it is not empty today.' },
  VIGIL_ERR_FEED_MALFORMED: { status: 422, message: 'Warning: the feed is not well-formed XML (an unescaped &, an undefined entity or a stray tag). Vigil read it leniently and kept every item it could; tell the publisher if text looks wrong.' },
  VIGIL_ERR_FEED_TRUNCATED: { status: 422, message: 'Warning: the feed is cut off before its end (an interrupted download or a server error). Vigil kept the complete items; the partial last item was dropped. Fetch the feed again later to get it.' },
  VIGIL_ERR_BAD_TELEGRAM_EXPORT: { status: 400, message: 'The Telegram export is not a Telegram Desktop result.json (messages array missing). Export the channel as JSON from Telegram Desktop.' },
  VIGIL_ERR_NOT_FOUND: { status: 404, message: 'The requested item does not exist. Check the id.' },
  VIGIL_ERR_IS_DIRECTORY: { status: 400, message: 'The path is a folder, and this command reads one file. Give a file (or - for standard input); `vigil ingest` reads whole folders.' },
  VIGIL_ERR_FILE_NOT_FOUND: { status: 400, message: 'The file or folder does not exist or cannot be read. Check the path and its permissions.' },
  VIGIL_ERR_PRIVATE_ADDRESS: { status: 400, message: 'The URL resolves to a private, loopback or link-local address. Vigil refuses these by default; pass --allow-private if you really mean to fetch from your own network.' },
  VIGIL_ERR_FETCH_FAILED: { status: 502, message: 'Fetching the URL failed (network error or non-2xx status). Check that the URL is reachable.' },
  VIGIL_ERR_FETCH_TIMEOUT: { status: 504, message: 'Fetching the URL took longer than the limit (config `limits.fetchTimeoutMs`). Try again or raise VIGIL_FETCH_TIMEOUT_MS.' },
  VIGIL_ERR_UNSUPPORTED_URL: { status: 400, message: 'Only http:// and https:// URLs can be ingested.' },
  VIGIL_ERR_BAD_GOLD: { status: 400, message: 'The gold file is not in the shape ../shared/eval/FORMAT.md describes (one JSON object per line with id and text).' },
  VIGIL_ERR_BAD_GAZETTEER_FILE: { status: 400, message: 'The gazetteer file is neither a GeoNames dump (19 tab-separated columns) nor a CSV with name, lat and lon columns.' },
  VIGIL_ERR_DB_URL: { status: 500, message: 'The database URL is not supported. Use a file path (SQLite) or postgres://user@host:port/db.' },
  VIGIL_ERR_DB_UNAVAILABLE: { status: 503, message: 'The database cannot be reached. For PostgreSQL, start it (scripts/pg-start.sh) and check VIGIL_DATABASE_URL.' },
  VIGIL_ERR_MIGRATION: { status: 500, message: 'A database migration failed. The database is left at its previous version; see the log for the failing statement.' },
  VIGIL_ERR_HASH_MISMATCH: { status: 500, message: 'A stored original no longer matches its SHA-256. The evidence may have been altered; restore it from a backup and investigate the custody log.' },
  VIGIL_ERR_VALIDATION: { status: 400, message: 'The request is invalid. See `details` for the fields that failed validation.' },
  VIGIL_ERR_UNAUTHENTICATED: { status: 401, message: 'Log in first, or send an API token as `Authorization: Bearer <token>`.' },
  VIGIL_ERR_FORBIDDEN: { status: 403, message: 'Your role does not allow this action. Ask an admin for the analyst role.' },
  VIGIL_ERR_CSRF: { status: 403, message: 'The CSRF token is missing or wrong. Reload the page and try again; scripts should use an API token instead of a cookie.' },
  VIGIL_ERR_BAD_CREDENTIALS: { status: 401, message: 'Wrong user name or password.' },
  VIGIL_ERR_RATE_LIMITED: { status: 429, message: 'Too many attempts. Wait a minute and try again.' },
  VIGIL_ERR_CONFLICT: { status: 409, message: 'The item changed or already exists. Reload it and retry.' },
  VIGIL_ERR_NO_TEXT: { status: 422, message: 'The HTML page has no readable text once scripts, styles and navigation are removed (a page rendered by JavaScript, or not an article). Save the rendered article text, or pass the article URL to `vigil ingest` instead.' },
  VIGIL_ERR_WORKER_FAILED: { status: 500, message: 'The extraction worker thread died while handling this document (usually out of memory: config `extraction.workerHeapMb`). The document was not extracted; the other documents go on. Raise VIGIL_EXTRACT_WORKER_HEAP_MB, or extract this document alone without --jobs.' },
  VIGIL_ERR_PIPELINE_CONTRACT: { status: 500, message: 'An extraction stage reads a field that no earlier stage adds, or changed a field it does not declare (a programming error in src/extract/stages). Fix the stage\'s reads/adds or the stage order in src/extract/stages/index.ts.' },
  VIGIL_ERR_NO_REPORT: { status: 422, message: 'The captured page holds no report: a login wall, a deleted or hidden post ("This content isn\'t available right now", "This Post is unavailable"), a "page not found", or platform chrome with no post text. The document is kept and recorded with this status (Doc.capture.status "no-report") and yields no event. Capture the post again (logged out, from an archive copy, or its text copied by hand).' },
  VIGIL_ERR_WATCH_SOURCE: { status: 400, message: 'The watched source is neither an http(s) URL nor an existing file or folder. Give a feed or page URL, a Telegram export folder, or a local folder.' },
  VIGIL_ERR_WEBHOOK_FAILED: { status: 502, message: 'The webhook receiver did not accept the alert (network error, timeout or non-2xx answer). Vigil retries with backoff; check that the receiver is up and answers 2xx.' },
  VIGIL_ERR_EMAIL_FAILED: { status: 502, message: 'The SMTP server did not accept the alert email. Check VIGIL_SMTP_URL (smtp://user:pass@host:port) and that the server is reachable; Vigil retries with backoff.' },
  VIGIL_ERR_DOCUMENT_TIMEOUT: { status: 422, message: 'Extracting this document took longer than its budget (config `extraction.documentTimeoutMs`, work `extraction.documentWorkPerKb`). The document was not extracted; the other documents go on. Split it, or raise VIGIL_DOCUMENT_TIMEOUT_MS / VIGIL_DOCUMENT_WORK_PER_KB.' },
  VIGIL_ERR_URI_TOO_LONG: { status: 414, message: 'The request URL is too long (a path parameter over 200 characters). Shorten the id or put long values in the query string.' },
  VIGIL_ERR_ORIGINAL_MISSING: { status: 500, message: 'A document has no stored original, or a document the custody log records as ingested no longer exists. Evidence may have been removed; restore it from a backup and investigate the custody log.' },
  VIGIL_ERR_INTERNAL: { status: 500, message: 'An unexpected error happened. It has been logged; please report it with the log line.' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

export class VigilError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: unknown;
  constructor(code: ErrorCode, detail?: string, details?: unknown) {
    const base = ERRORS[code].message;
    super(detail ? `${base} (${detail})` : base);
    this.name = 'VigilError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.details = details;
  }
  toJSON(): { code: ErrorCode; message: string; details?: unknown } {
    return { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) };
  }
}

export function isVigilError(e: unknown): e is VigilError {
  return e instanceof VigilError;
}

/** Wrap anything thrown into a VigilError (unknown errors become VIGIL_ERR_INTERNAL). */
/** The catalogue message of a code (for statuses recorded without throwing, such as VIGIL_ERR_NO_REPORT). */
export function describeError(code: ErrorCode): string {
  return ERRORS[code].message;
}

export function toVigilError(e: unknown): VigilError {
  if (e instanceof VigilError) return e;
  return new VigilError('VIGIL_ERR_INTERNAL', e instanceof Error ? e.message : String(e));
}

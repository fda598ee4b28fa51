/**
 * Ingest building blocks (issue #4 item 2), pure apart from file and network reads.
 *
 * Usage from the store / CLI (H4):
 * ```ts
 * for await (const item of readSources(['./reports', 'https://example.org/feed.xml'], { allowPrivate: false, limits })) {
 *   if (!item.ok) { report(item.origin, item.error); continue; }   // one bad item never stops the batch
 *   store.saveOriginal(item.raw, item.sha256, item.capturedAt, item.origin, item.source);
 *   extractDocument(item.document);
 * }
 * ```
 * Inputs: files (.txt .md .html .htm .json .jsonl .ndjson .csv .tsv .xml .rss .atom), folders
 * (recursive, hidden entries skipped), http(s) URLs (web pages, RSS / Atom feeds, JSONL / CSV).
 * File type is detected from content as well as the extension (a feed saved as .txt is still a feed;
 * a Telegram Desktop `result.json` is recognised by its `messages` array).
 */
export type {
  SourceKind,
  IngestOrigin,
  IngestSource,
  IngestOk,
  IngestFailed,
  IngestItem,
  Fetcher,
  FetchOptions,
  FetchResult,
  ReadSourcesOptions,
} from './types.js';

/** Read every input and yield one item per document (or per failure). Never throws for bad input. */
export { readSources } from './read.js';
/** SSRF-safe HTTP(S) GET with size, time and redirect limits; every redirect target is re-checked. */
export { fetchUrl } from './fetch.js';
/** True for loopback, private, link-local, CGNAT, multicast, reserved, IPv6 ULA, IPv4-mapped private … */
export { isPrivateAddress, resolvePublicAddress } from './net.js';
/** Classify a publisher / channel / domain into a SourceKind from the data table sources.json. */
export { classifySource, sourceFromUrl } from './sources.js';
/** RFC 4180 CSV parser (quoted fields, embedded newlines, CRLF), yielding rows with their raw text. */
export { parseCsv } from './csv.js';
/** RSS 2.0 / RSS 1.0 (RDF) / Atom items: title, link, text, published, georss point. */
export { parseFeed, looksLikeFeed, isoDateKeepingOffset } from './feed.js';
export type { FeedItem, ParsedFeed } from './feed.js';
/** Telegram Desktop channel export (result.json) messages as plain text. */
export { parseTelegramExport, parseTelegramChats, telegramText, telegramDate } from './telegram.js';
export type { TelegramMessage, TelegramChat } from './telegram.js';
/** Main text of a web page (Readability on linkedom). */
export { extractMainText } from './webpage.js';

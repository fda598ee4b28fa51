/**
 * `readSources`: files, folders, JSONL, CSV, RSS / Atom, Telegram exports and URLs -> one IngestItem
 * per document, or per failure. Bad input never throws: it becomes an `{ok:false}` item with a
 * catalogue error code, and the batch goes on.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { configSchema, type VigilConfig } from '../config/schema.js';
import { VigilError, toVigilError, type ErrorCode } from '../errors/catalogue.js';
import type { SourceDocument } from '../model/document.js';
import { CsvError, parseCsv } from './csv.js';
import { FeedError, looksLikeFeed, parseFeed } from './feed.js';
import { decodeBytes } from './encoding.js';
import { fetchUrl } from './fetch.js';
import { classifySource, sourceFromUrl } from './sources.js';
import { TelegramError, isTelegramExport, parseTelegramChats } from './telegram.js';
import type { FetchResult, IngestItem, IngestOk, IngestOrigin, IngestSource, ReadSourcesOptions, SourceKind } from './types.js';
import { extractMainText } from './webpage.js';
import { firstLineTitle, readFrontMatter } from '../model/front-matter.js';
import { isoDateKeepingOffset } from './feed.js';

const SOURCE_KINDS: ReadonlySet<string> = new Set(['official', 'independent-media', 'social-media', 'observer', 'ngo', 'unknown']);

type Limits = VigilConfig['limits'];
interface Ctx {
  limits: Limits;
  allowPrivate: boolean;
  textColumn?: string;
  maxItems: number;
  maxFiles: number;
  fetch: NonNullable<ReadSourcesOptions['fetch']>;
  now: () => Date;
  kinds?: Record<string, SourceKind>;
  /** The publisher the user named for every input (CLI --source), used where the input names none. */
  source?: IngestSource;
}

type Kind = 'jsonl' | 'csv' | 'feed' | 'json' | 'html' | 'markdown' | 'text';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const fail = (origin: IngestOrigin, code: ErrorCode, detail?: string): IngestItem => ({ ok: false, origin, error: new VigilError(code, detail) });

export async function* readSources(inputs: string[], opts: ReadSourcesOptions = {}): AsyncIterable<IngestItem> {
  // Parse the limits object itself: zod 4's `.default({})` on the section would skip its field defaults.
  const defaults = configSchema.shape.limits.unwrap().parse({});
  const ctx: Ctx = {
    limits: { ...defaults, ...(opts.limits ?? {}) },
    allowPrivate: opts.allowPrivate ?? false,
    textColumn: opts.textColumn,
    maxItems: opts.maxItemsPerContainer ?? 100_000,
    maxFiles: opts.maxFilesPerFolder ?? 1_000_000,
    fetch: opts.fetch ?? fetchUrl,
    now: opts.now ?? (() => new Date()),
    kinds: opts.sourceKinds,
    source: opts.source ? { name: opts.source, kind: opts.sourceKinds?.[opts.source] ?? classifySource(opts.source, opts.sourceKinds) } : undefined,
  };
  for (const input of inputs) {
    try {
      if (/^https?:\/\//i.test(input)) yield* readUrl(input, ctx);
      else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) yield fail({ kind: 'url', locator: input, input }, 'VIGIL_ERR_UNSUPPORTED_URL', input);
      else yield* readPath(input, ctx);
    } catch (e) {
      // Anything unexpected stays attached to its input; the next input is still read.
      yield { ok: false, origin: { kind: /^https?:/i.test(input) ? 'url' : 'file', locator: input, input }, error: toVigilError(e) };
    }
  }
}

// ---------------------------------------------------------------- files and folders

async function* readPath(input: string, ctx: Ctx): AsyncGenerator<IngestItem> {
  const origin: IngestOrigin = { kind: 'file', locator: input, input };
  let st;
  try {
    st = await stat(input);
  } catch {
    yield fail(origin, 'VIGIL_ERR_FILE_NOT_FOUND', input);
    return;
  }
  if (st.isDirectory()) {
    let n = 0;
    for await (const file of walk(input)) {
      if (++n > ctx.maxFiles) {
        yield fail(origin, 'VIGIL_ERR_TOO_LARGE', `more than ${ctx.maxFiles} files under ${input}; the rest were skipped`);
        return;
      }
      yield* guarded(readFileItems(file, input, ctx), { kind: 'file', locator: file, input });
    }
  } else yield* guarded(readFileItems(input, input, ctx), origin);
}

/**
 * A file's items, and one failed item with its code if reading the file throws part-way (a parser bug, linkedom
 * on a page with no element): the error stays with that file and the next file of the folder is read.
 */
async function* guarded(items: AsyncGenerator<IngestItem>, origin: IngestOrigin): AsyncGenerator<IngestItem> {
  try {
    yield* items;
  } catch (e) {
    yield { ok: false, origin, error: toVigilError(e) };
  }
}

/** Regular files under a folder, sorted, skipping hidden names and not following symlinked folders. */
async function* walk(dir: string): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile()) yield p;
    else if (e.isSymbolicLink()) {
      const s = await stat(p).catch(() => null);
      if (s?.isFile()) yield p; // symlinked files yes, symlinked folders no (loops)
    }
  }
}

function kindOf(name: string, head: string, contentType = ''): Kind {
  const ext = path.extname(name.split(/[?#]/)[0]).toLowerCase();
  const ct = contentType.toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson' || /ndjson|jsonl|json-seq/.test(ct)) return 'jsonl';
  if (ext === '.csv' || ext === '.tsv' || /text\/(csv|tab-separated)/.test(ct)) return 'csv';
  // A feed by its content, or where a feed is expected (.rss/.atom/.rdf/.xml, a feed or XML content type): parseFeed
  // then reads it or says why not, e.g. VIGIL_ERR_NOT_A_FEED for an HTML page, the same from a file and from a URL.
  if (looksLikeFeed(head)) return 'feed';
  if (['.rss', '.atom', '.rdf', '.xml'].includes(ext) || /(rss|atom|rdf)\+xml|^(application|text)\/xml\b/.test(ct)) return 'feed';
  if (ext === '.json' || /application\/json/.test(ct)) return 'json';
  if (['.html', '.htm', '.xhtml'].includes(ext) || /html/.test(ct) || /^\s*(<!doctype html|<html[\s>])/i.test(head)) return 'html';
  if (ext === '.md' || ext === '.markdown' || /markdown/.test(ct)) return 'markdown';
  return 'text';
}

async function* readFileItems(file: string, input: string, ctx: Ctx): AsyncGenerator<IngestItem> {
  const origin: IngestOrigin = { kind: 'file', locator: file, input };
  let size: number;
  try {
    const st = await lstat(file).then((s) => (s.isSymbolicLink() ? stat(file) : s));
    size = st.size;
  } catch {
    yield fail(origin, 'VIGIL_ERR_FILE_NOT_FOUND', file);
    return;
  }
  if (size > ctx.limits.maxFileBytes) {
    yield fail(origin, 'VIGIL_ERR_TOO_LARGE', `${file} is ${size} bytes > limits.maxFileBytes ${ctx.limits.maxFileBytes}`);
    return;
  }
  const defaultSource = (): IngestSource => {
    // A file that names no publisher (no front matter, no canonical URL, no source column) and was given no
    // --source: the publisher is unknown, so the file stands for itself. Never the folder's name: six reports from
    // six outlets in one folder are not one source.
    if (ctx.source) return ctx.source;
    const name = `file:${path.basename(file)}`;
    return { name, kind: 'unknown' };
  };
  const ext = path.extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') {
    yield* readJsonlFile(file, input, ctx, defaultSource());
    return;
  }
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch {
    yield fail(origin, 'VIGIL_ERR_FILE_NOT_FOUND', file);
    return;
  }
  yield* readBuffer(buf, file, input, origin, ctx, defaultSource, undefined);
}

// ---------------------------------------------------------------- URLs

async function* readUrl(url: string, ctx: Ctx): AsyncGenerator<IngestItem> {
  const origin: IngestOrigin = { kind: 'url', locator: url, input: url };
  let res: FetchResult;
  try {
    res = await ctx.fetch(url, {
      allowPrivate: ctx.allowPrivate,
      maxBytes: ctx.limits.maxFetchBytes,
      timeoutMs: ctx.limits.fetchTimeoutMs,
      maxRedirects: ctx.limits.maxRedirects,
    });
  } catch (e) {
    yield { ok: false, origin, error: toVigilError(e) };
    return;
  }
  const src = () => sourceFromUrl(res.finalUrl, ctx.kinds);
  yield* readBuffer(res.body, res.finalUrl, url, origin, ctx, src, res);
}

// ---------------------------------------------------------------- one buffer (file or response)

async function* readBuffer(
  buf: Buffer,
  name: string,
  input: string,
  origin: IngestOrigin,
  ctx: Ctx,
  defaultSource: () => IngestSource,
  res: FetchResult | undefined,
): AsyncGenerator<IngestItem> {
  const contentType = res?.headers['content-type'] ?? '';
  const headText = buf.subarray(0, 4096).toString('utf8');
  const kind = kindOf(name, headText, contentType);
  const capturedAt = ctx.now().toISOString();
  const fetchInfo = res ? { finalUrl: res.finalUrl, status: res.status, redirects: res.redirects } : undefined;
  const containerSha = () => sha256(buf);

  if (kind === 'jsonl' || kind === 'csv' || kind === 'feed' || kind === 'json') {
    const decoded = decode(buf, contentType);
    if (!decoded.ok) {
      yield fail(origin, decoded.code, decoded.detail ? `${name}: ${decoded.detail}` : name);
      return;
    }
    const container = { locator: res ? res.finalUrl : name, sha256: containerSha() };
    if (kind === 'jsonl') {
      yield* jsonlFromBuffer(buf, name, input, ctx, defaultSource(), container, capturedAt);
    } else if (kind === 'csv') {
      yield* csvItems(decoded.text, name, input, ctx, defaultSource(), container, capturedAt);
    } else if (kind === 'feed') {
      yield* feedItems(decoded.text, name, input, ctx, defaultSource, container, capturedAt, res);
    } else {
      yield* jsonItems(decoded.text, name, input, origin, ctx, defaultSource(), container, capturedAt);
    }
    return;
  }

  // A single document: text, Markdown or an HTML page.
  const decoded = decode(buf, contentType);
  if (!decoded.ok) {
    yield fail(origin, decoded.code, decoded.detail ? `${name}: ${decoded.detail}` : name);
    return;
  }
  let doc: Omit<SourceDocument, 'id'>;
  let mediaType: string;
  let source: IngestSource;
  if (kind === 'html') {
    // Readability's page, or null when the page is read as HTML by the extraction pipeline (see readHtml)
    const page = readHtml(decoded.text, res?.finalUrl, ctx.limits);
    doc = page
      ? { source: page.text, mediaType: 'text/plain', title: page.title, published: page.published, url: res?.finalUrl ?? page.canonicalUrl }
      : { source: decoded.text, mediaType: 'text/html', url: res?.finalUrl ?? null };
    mediaType = 'text/html';
    // The publisher: the site the page came from (its domain, as for feeds), or for a saved page the site its
    // canonical URL names, else the name the page gives itself (og:site_name, JSON-LD publisher).
    const site = res ? null : page?.canonicalUrl ? sourceFromUrl(page.canonicalUrl, ctx.kinds) : null;
    source = ctx.source ?? (res ? defaultSource() : site ?? (page?.siteName ? { name: page.siteName, kind: classifySource(page.siteName, ctx.kinds) } : defaultSource()));
  } else {
    mediaType = kind === 'markdown' ? 'text/markdown' : 'text/plain';
    // Front matter names the publisher and metadata; the text stays as stored (10-normalize blanks the block).
    const fm = readFrontMatter(decoded.text)?.fields ?? {};
    const url = fm.url && /^https?:\/\//i.test(fm.url) ? fm.url : (res?.finalUrl ?? null);
    doc = {
      source: decoded.text,
      mediaType: kind === 'markdown' ? 'text/markdown' : 'text/plain',
      title: fm.title ?? firstLineTitle(decoded.text),
      published: fm.published ? isoDateKeepingOffset(fm.published) : null,
      language: fm.language ?? null,
      url,
    };
    const named = fm.source ?? fm.publisher ?? fm.channel;
    source = named
      ? { name: named, kind: (SOURCE_KINDS.has(fm.source_kind ?? '') ? fm.source_kind : classifySource(named, ctx.kinds)) as SourceKind }
      : (ctx.source ?? (fm.url ? sourceFromUrl(fm.url, ctx.kinds) : defaultSource()));
  }
  yield makeItem(ctx, {
    raw: buf,
    origin,
    mediaType: contentType.split(';')[0].trim() || mediaType,
    doc: { url: res?.finalUrl ?? null, ...doc },
    source,
    capturedAt,
    fetch: fetchInfo,
  });
}

/**
 * An HTML page or fragment -> Readability's page, or null. A page of bounded size and depth goes through Readability
 * (main text, title, date). On null the caller hands the HTML on, to be read by the extraction pipeline's own HTML
 * reader (10-normalize) exactly as `vigil extract` reads the same file: a fragment like `<p>...</p>` (no body for
 * Readability), a page Readability finds nothing in or throws on (linkedom throws on a file with no element), and
 * pages nested deeper than limits.readabilityMaxDepth or larger than limits.readabilityMaxBytes.
 */
function readHtml(html: string, url: string | undefined, limits: Limits): ReturnType<typeof extractMainText> | null {
  if (html.length <= limits.readabilityMaxBytes && htmlDepth(html, limits.readabilityMaxDepth) <= limits.readabilityMaxDepth) {
    try {
      const page = extractMainText(html, url);
      if (page.text.trim()) return page;
    } catch {
      /* read as HTML */
    }
  }
  return null;
}

// Elements that never hold others, or whose end tag is optional (a run of unclosed <p> or <li> is not nesting).
const FLAT = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'p', 'li', 'td', 'th', 'tr', 'option', 'dt', 'dd', '!doctype']);

/**
 * How deeply the page's elements nest, counted from its tags in one pass (open tags minus close tags, elements in
 * FLAT not counted); stops counting past `stopAbove`. Linear: each "<" is looked at once, and the ">" closing a tag
 * is searched for from the last one found (unclosed "<a href=..." floods do not rescan).
 */
export function htmlDepth(html: string, stopAbove = Infinity): number {
  let depth = 0;
  let max = 0;
  let gt = -1;
  for (let i = html.indexOf('<'); i >= 0; i = html.indexOf('<', i + 1)) {
    if (gt < i) gt = html.indexOf('>', i);
    if (gt < 0) break;
    const close = html.charCodeAt(i + 1) === 47; // "/"
    const m = TAG_NAME.exec(html.slice(i + (close ? 2 : 1), Math.min(gt, i + 40)));
    if (!m) continue;
    const name = m[0].toLowerCase();
    if (FLAT.has(name) || html.charCodeAt(gt - 1) === 47) continue;
    if (close) depth = Math.max(0, depth - 1);
    else if (++depth > max && (max = depth) > stopAbove) return max;
  }
  return max;
}
const TAG_NAME = /^!?[a-z][a-z0-9-]*/i;

/** Bytes -> text: a BOM, strict UTF-8, then the encoding the document or the HTTP charset declares (./encoding.ts). */
const decode = (buf: Buffer, contentType = '') => decodeBytes(buf, contentType);

interface ItemParts {
  raw: Buffer;
  origin: IngestOrigin;
  mediaType: string;
  doc: Omit<SourceDocument, 'id'> & { id?: string | null };
  source: IngestSource;
  capturedAt: string;
  container?: { locator: string; sha256: string };
  fetch?: IngestOk['fetch'];
}

/** Checks shared by every document (empty, too large), id and hash. */
function makeItem(ctx: Ctx, p: ItemParts): IngestItem {
  const text = p.doc.source ?? '';
  if (!text.trim()) return fail(p.origin, 'VIGIL_ERR_EMPTY_INPUT', p.origin.locator);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > ctx.limits.maxDocumentBytes) return fail(p.origin, 'VIGIL_ERR_TOO_LARGE', `${bytes} bytes > limits.maxDocumentBytes ${ctx.limits.maxDocumentBytes}`);
  // Text with many C0 control characters (other than tab, newlines, form feed, ESC) is binary in disguise.
  const ctrl = (text.slice(0, 8192).match(/[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/g) ?? []).length;
  if (ctrl > 8) return fail(p.origin, 'VIGIL_ERR_BINARY_INPUT', p.origin.locator);
  const hex = sha256(p.raw);
  const { id, ...rest } = p.doc;
  const document: SourceDocument = { ...rest, id: id ? String(id) : `sha256:${hex}`, captured: rest.captured ?? p.capturedAt };
  const item: IngestOk = {
    ok: true,
    raw: p.raw,
    sha256: hex,
    capturedAt: p.capturedAt,
    origin: p.origin,
    mediaType: p.mediaType,
    document,
    source: p.source,
  };
  if (p.container) item.container = p.container;
  if (p.fetch) item.fetch = p.fetch;
  return item;
}

// ---------------------------------------------------------------- JSONL

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : typeof v === 'number' ? String(v) : null);

/** One FORMAT.md-shaped object (id, text, language, published, url, title, source) -> item. */
function objectItem(
  obj: unknown,
  raw: Buffer,
  origin: IngestOrigin,
  ctx: Ctx,
  fallback: IngestSource,
  container: { locator: string; sha256: string },
  capturedAt: string,
): IngestItem {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj) || typeof (obj as { text?: unknown }).text !== 'string')
    return fail(origin, 'VIGIL_ERR_BAD_JSONL', `${origin.locator}: no string "text" field`);
  const o = obj as Record<string, unknown>;
  const url = str(o.url) ?? str(o.link);
  const sourceName = str(o.source) ?? str(o.publisher) ?? str(o.channel);
  const source: IngestSource = sourceName
    ? { name: sourceName, kind: (str(o.source_kind) as SourceKind | null) ?? classifySource(sourceName, ctx.kinds) }
    : url
      ? sourceFromUrl(url, ctx.kinds)
      : fallback;
  return makeItem(ctx, {
    raw,
    origin,
    mediaType: 'application/json',
    doc: {
      id: str(o.id),
      source: o.text as string,
      mediaType: o.mediaType === 'text/html' || o.mediaType === 'text/markdown' ? o.mediaType : 'text/plain',
      language: str(o.language),
      published: str(o.published),
      url,
      title: str(o.title),
    },
    source,
    capturedAt,
    container,
  });
}

async function* readJsonlFile(file: string, input: string, ctx: Ctx, fallback: IngestSource): AsyncGenerator<IngestItem> {
  // Two streaming passes: the container hash first (items reference it), then the lines.
  const hash = createHash('sha256');
  for await (const c of createReadStream(file)) hash.update(c as Buffer);
  const container = { locator: file, sha256: hash.digest('hex') };
  const capturedAt = ctx.now().toISOString();
  yield* jsonlLines(createReadStream(file) as AsyncIterable<Buffer>, file, input, ctx, fallback, container, capturedAt);
}

async function* jsonlFromBuffer(buf: Buffer, name: string, input: string, ctx: Ctx, fallback: IngestSource, container: { locator: string; sha256: string }, capturedAt: string): AsyncGenerator<IngestItem> {
  async function* one() {
    yield buf;
  }
  yield* jsonlLines(one(), name, input, ctx, fallback, container, capturedAt);
}

async function* jsonlLines(
  chunks: AsyncIterable<Buffer>,
  name: string,
  input: string,
  ctx: Ctx,
  fallback: IngestSource,
  container: { locator: string; sha256: string },
  capturedAt: string,
): AsyncGenerator<IngestItem> {
  let items = 0;
  for await (const { line, no, tooLong } of splitLines(chunks, ctx.limits.maxLineBytes)) {
    const origin: IngestOrigin = { kind: 'jsonl-line', locator: `${name}#line=${no}`, input };
    if (tooLong) {
      yield fail(origin, 'VIGIL_ERR_TOO_LARGE', `line ${no} is longer than limits.maxLineBytes ${ctx.limits.maxLineBytes}`);
      continue;
    }
    const raw = line[line.length - 1] === 0x0d ? line.subarray(0, line.length - 1) : line;
    if (!raw.toString('utf8').trim()) continue;
    if (++items > ctx.maxItems) {
      yield fail(origin, 'VIGIL_ERR_TOO_LARGE', `more than ${ctx.maxItems} items in ${name}; the rest were skipped`);
      return;
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      yield fail(origin, 'VIGIL_ERR_BAD_ENCODING', `line ${no}`);
      continue;
    }
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      yield fail(origin, 'VIGIL_ERR_BAD_JSONL', `line ${no}: ${(e as Error).message}`);
      continue;
    }
    yield objectItem(obj, Buffer.from(raw), origin, ctx, fallback, container, capturedAt);
  }
}

/** Split a byte stream on \n; lines over `max` bytes are reported (not buffered) and skipped. */
async function* splitLines(chunks: AsyncIterable<Buffer>, max: number): AsyncGenerator<{ line: Buffer; no: number; tooLong: boolean }> {
  let parts: Buffer[] = [];
  let len = 0;
  let no = 1;
  let tooLong = false;
  for await (const chunk of chunks) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl < 0 ? chunk.length : nl;
      if (!tooLong) {
        if (len + (end - start) > max) {
          tooLong = true;
          parts = [];
          len = 0;
        } else if (end > start) {
          parts.push(chunk.subarray(start, end));
          len += end - start;
        }
      }
      if (nl < 0) break;
      yield { line: Buffer.concat(parts, len), no, tooLong };
      parts = [];
      len = 0;
      tooLong = false;
      no++;
      start = nl + 1;
    }
  }
  if (len || tooLong) yield { line: Buffer.concat(parts, len), no, tooLong };
}

// ---------------------------------------------------------------- JSON (Telegram export, one object, or an array)

async function* jsonItems(
  text: string,
  name: string,
  input: string,
  origin: IngestOrigin,
  ctx: Ctx,
  fallback: IngestSource,
  container: { locator: string; sha256: string },
  capturedAt: string,
): AsyncGenerator<IngestItem> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    yield fail(origin, 'VIGIL_ERR_BAD_JSONL', `${name}: ${(e as Error).message}`);
    return;
  }
  if (isTelegramExport(v)) {
    let chats;
    try {
      chats = parseTelegramChats(v, { maxItems: ctx.maxItems });
    } catch (e) {
      yield fail(origin, 'VIGIL_ERR_BAD_TELEGRAM_EXPORT', `${name}: ${(e as TelegramError).message}`);
      return;
    }
    // A whole-account export holds many chats: locators name the chat as well as the message.
    const many = chats.length > 1 || !Array.isArray((v as { messages?: unknown }).messages);
    let total = 0;
    let read = 0;
    for (const chat of chats) {
      total += chat.total;
      read += chat.messages.length;
      // The channel (or group) is the source.
      const chName = chat.channel ?? (chat.channelId ? `telegram:${chat.channelId}` : fallback.name);
      const known = classifySource(chName, ctx.kinds);
      const source: IngestSource = { name: chName, kind: known === 'unknown' ? 'social-media' : known };
      for (const m of chat.messages) {
        const o: IngestOrigin = { kind: 'telegram-message', locator: many ? `${name}#chat=${chat.channelId ?? chName}&message=${m.id}` : `${name}#message=${m.id}`, input };
        yield makeItem(ctx, {
          raw: Buffer.from(m.raw, 'utf8'),
          origin: o,
          mediaType: 'application/json',
          doc: { source: m.text, mediaType: 'text/plain', published: m.date },
          source,
          capturedAt,
          container,
        });
      }
    }
    if (read >= ctx.maxItems && total > read) yield fail(origin, 'VIGIL_ERR_TOO_LARGE', `more than ${ctx.maxItems} messages in ${name}; the rest were skipped`);
    else if (read === 0) yield fail(origin, 'VIGIL_ERR_EMPTY_INPUT', `${name}: a Telegram export with no text message (${chats.length} chat(s))`);
    return;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const o: IngestOrigin = { kind: 'jsonl-line', locator: `${name}#index=${i}`, input };
      if (i >= ctx.maxItems) {
        yield fail(o, 'VIGIL_ERR_TOO_LARGE', `more than ${ctx.maxItems} items in ${name}; the rest were skipped`);
        return;
      }
      yield objectItem(v[i], Buffer.from(JSON.stringify(v[i]), 'utf8'), o, ctx, fallback, container, capturedAt);
    }
    return;
  }
  if (v && typeof v === 'object' && typeof (v as { text?: unknown }).text === 'string') {
    yield objectItem(v, Buffer.from(text, 'utf8'), origin, ctx, fallback, container, capturedAt);
    return;
  }
  yield fail(origin, 'VIGIL_ERR_BAD_TELEGRAM_EXPORT', `${name}: JSON is neither a Telegram export nor a document with "text"`);
}

// ---------------------------------------------------------------- CSV

const TEXT_COLUMNS = ['text', 'body', 'content'];
const col = (header: string[], ...names: string[]) => {
  for (const n of names) {
    const i = header.indexOf(n);
    if (i >= 0) return i;
  }
  return -1;
};

async function* csvItems(
  text: string,
  name: string,
  input: string,
  ctx: Ctx,
  fallback: IngestSource,
  container: { locator: string; sha256: string },
  capturedAt: string,
): AsyncGenerator<IngestItem> {
  const fileOrigin: IngestOrigin = { kind: 'file', locator: name, input };
  const rows = parseCsv(text, { delimiter: name.toLowerCase().endsWith('.tsv') ? '\t' : undefined, maxFieldChars: ctx.limits.maxLineBytes });
  let header: string[] | null = null;
  let iText = -1;
  let items = 0;
  try {
    for (const row of rows) {
      if (!header) {
        header = row.fields.map((h) => h.trim().toLowerCase());
        iText = ctx.textColumn ? header.indexOf(ctx.textColumn.trim().toLowerCase()) : col(header, ...TEXT_COLUMNS);
        if (iText < 0) {
          yield fail(fileOrigin, 'VIGIL_ERR_BAD_CSV', `${name}: columns are ${header.join(', ')}`);
          return;
        }
        continue;
      }
      const origin: IngestOrigin = { kind: 'csv-row', locator: `${name}#line=${row.line}`, input };
      if (++items > ctx.maxItems) {
        yield fail(origin, 'VIGIL_ERR_TOO_LARGE', `more than ${ctx.maxItems} rows in ${name}; the rest were skipped`);
        return;
      }
      const get = (...names: string[]) => {
        const i = col(header!, ...names);
        return i >= 0 ? (row.fields[i]?.trim() || null) : null;
      };
      const url = get('url', 'link');
      const sourceName = get('source', 'publisher', 'channel');
      const source: IngestSource = sourceName ? { name: sourceName, kind: classifySource(sourceName, ctx.kinds) } : url ? sourceFromUrl(url, ctx.kinds) : fallback;
      yield makeItem(ctx, {
        raw: Buffer.from(row.raw, 'utf8'),
        origin,
        mediaType: 'text/csv',
        doc: {
          id: get('id'),
          source: row.fields[iText] ?? '',
          mediaType: 'text/plain',
          title: get('title', 'headline'),
          url,
          published: get('published', 'date', 'pubdate', 'published_at'),
          language: get('language', 'lang'),
        },
        source,
        capturedAt,
        container,
      });
    }
  } catch (e) {
    const line = e instanceof CsvError ? e.line : 0;
    yield fail({ kind: 'csv-row', locator: `${name}#line=${line}`, input }, 'VIGIL_ERR_BAD_CSV', `${name} line ${line}: ${(e as Error).message}; the rest of the file was skipped`);
  }
  if (!header) yield fail(fileOrigin, 'VIGIL_ERR_EMPTY_INPUT', name);
}

// ---------------------------------------------------------------- RSS / Atom

async function* feedItems(
  text: string,
  name: string,
  input: string,
  ctx: Ctx,
  fallback: () => IngestSource,
  container: { locator: string; sha256: string },
  capturedAt: string,
  res: FetchResult | undefined,
): AsyncGenerator<IngestItem> {
  let feed;
  try {
    feed = parseFeed(text, { maxItems: ctx.maxItems + 1 });
  } catch (e) {
    yield fail({ kind: res ? 'url' : 'file', locator: name, input }, e instanceof FeedError ? e.code : 'VIGIL_ERR_BAD_FEED', `${name}: ${(e as Error).message}`);
    return;
  }
  // A feed with no item is never a silent success: the user learns that nothing was stored, and why it may be.
  if (!feed.items.length) {
    const why = feed.warnings.map((w) => `${w.code}: ${w.message}`).join('; ');
    yield fail({ kind: res ? 'url' : 'file', locator: name, input }, 'VIGIL_ERR_FEED_EMPTY', `${name}${feed.title ? ` ("${feed.title}")` : ''}${why ? `; ${why}` : ''}`);
    return;
  }
  const feedSource = (): IngestSource => {
    if (feed.link) return sourceFromUrl(feed.link, ctx.kinds);
    if (res) return sourceFromUrl(res.finalUrl, ctx.kinds);
    if (feed.title) return { name: feed.title, kind: classifySource(feed.title, ctx.kinds) };
    return fallback();
  };
  const base = feedSource();
  for (let i = 0; i < feed.items.length; i++) {
    const it = feed.items[i];
    const origin: IngestOrigin = { kind: 'feed-item', locator: `${name}#item=${i + 1}`, input };
    if (i >= ctx.maxItems) {
      yield fail(origin, 'VIGIL_ERR_TOO_LARGE', `more than ${ctx.maxItems} items in ${name}; the rest were skipped`);
      return;
    }
    // Aggregator feeds carry other publishers' links: the item's domain is its source.
    const src = it.link ? sourceFromUrl(it.link, ctx.kinds) : base;
    const made = makeItem(ctx, {
      raw: Buffer.from(it.raw, 'utf8'),
      origin,
      mediaType: 'application/xml',
      doc: { source: it.text, mediaType: it.html ? 'text/html' : 'text/plain', title: it.title, url: it.link, published: it.published },
      source: src.kind === 'unknown' && base.kind !== 'unknown' && src.name === base.name ? base : src,
      capturedAt,
      container,
    });
    // What the reader repaired or dropped in the feed, reported once, with its first item.
    if (i === 0 && made.ok && feed.warnings.length) made.warnings = feed.warnings.map((w) => ({ code: w.code, message: `${name}: ${w.message}` }));
    yield made;
  }
}

/**
 * RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom 0.3/1.0 feeds -> items. Each item becomes one document. GeoRSS
 * (`<georss:point>lat lon</georss:point>`, `<geo:lat>`/`<geo:long>`) is kept as a hint.
 *
 * Elements are read by namespace, not by the prefix a feed happens to use: `<a:feed xmlns:a="http://www.w3.org/2005/Atom">`
 * with `<a:entry>` reads like `<feed xmlns="http://www.w3.org/2005/Atom">`, and `<rdf:RDF>` with `<item>` children in
 * the RSS 1.0 namespace is RSS 1.0 (see NAMESPACES).
 *
 * Real feeds are often not well-formed XML. As feedparser does, the reader keeps what it can and says what it did
 * (`warnings`, each with a catalogue code): an unescaped `&` or an HTML entity XML does not define (`&nbsp;`) is read
 * as text (VIGIL_ERR_FEED_MALFORMED); a feed cut off mid-way keeps its complete items (VIGIL_ERR_FEED_TRUNCATED).
 * Feeds that declare entities (`<!ENTITY`) are refused: entity expansion is a denial-of-service vector ("billion
 * laughs") and real feeds do not need it. An HTML page is not a feed (FeedError with VIGIL_ERR_NOT_A_FEED, naming the
 * feeds the page advertises).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ErrorCode } from '../errors/catalogue.js';

export interface FeedItem {
  title: string | null;
  link: string | null;
  /** Best body: content:encoded / content, else description / summary, else the title. */
  text: string;
  /** The body holds HTML markup. */
  html: boolean;
  /** ISO 8601 timestamp keeping the feed's own UTC offset ("2021-05-11T01:00:00+03:00"), or null. */
  published: string | null;
  id: string | null;
  author: string | null;
  point: { lat: number; lon: number } | null;
  /** The item's XML exactly as in the feed (`<item>…</item>` / `<entry>…</entry>`). */
  raw: string;
}

export interface FeedWarning {
  code: ErrorCode;
  message: string;
}

export interface ParsedFeed {
  title: string | null;
  link: string | null;
  items: FeedItem[];
  /** What was repaired or lost while reading (empty for a well-formed feed). */
  warnings: FeedWarning[];
}

export class FeedError extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode = 'VIGIL_ERR_BAD_FEED',
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------- the root element and namespaces

/** Namespace URI -> canonical prefix ('' = the feed's own vocabulary). Atom and RSS 1.0 get '' when they are the root's. */
const NAMESPACES: Record<string, string> = {
  'http://www.w3.org/2005/Atom': 'atom',
  'http://purl.org/atom/ns#': 'atom',
  'http://purl.org/rss/1.0/': 'rss1',
  'http://my.netscape.com/rdf/simple/0.9/': 'rss1',
  'http://backend.userland.com/rss2': '',
  'http://blogs.law.harvard.edu/tech/rss': '',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://www.georss.org/georss': 'georss',
  'http://www.w3.org/2003/01/geo/wgs84_pos#': 'geo',
  'http://search.yahoo.com/mrss/': 'media',
};

interface Root {
  qname: string;
  prefix: string;
  local: string;
  /** Offset of the root's start tag. */
  start: number;
}

/** The first element of an XML text, skipping the declaration, comments, processing instructions and a DOCTYPE. */
export function rootElement(text: string): Root | null {
  let i = 0;
  const n = Math.min(text.length, 65_536);
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0xfeff || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      i++;
      continue;
    }
    if (text[i] !== '<') return null;
    if (text.startsWith('<?', i)) {
      const e = text.indexOf('?>', i);
      if (e < 0) return null;
      i = e + 2;
    } else if (text.startsWith('<!--', i)) {
      const e = text.indexOf('-->', i);
      if (e < 0) return null;
      i = e + 3;
    } else if (/^<!doctype/i.test(text.slice(i, i + 9))) {
      // <!DOCTYPE rss PUBLIC "…" "…"> or with an internal subset [ … ]
      const bracket = text.indexOf('[', i);
      const gt = text.indexOf('>', i);
      if (gt < 0) return null;
      if (bracket >= 0 && bracket < gt) {
        const e = text.indexOf(']', bracket);
        const g = e < 0 ? -1 : text.indexOf('>', e);
        if (g < 0) return null;
        i = g + 1;
      } else i = gt + 1;
    } else {
      const m = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)(?=[\s/>])/.exec(text.slice(i, i + 200));
      if (!m) return null;
      const prefix = m[1] ? m[1].slice(0, -1) : '';
      return { qname: (m[1] ?? '') + m[2], prefix, local: m[2], start: i };
    }
  }
  return null;
}

/** A cheap sniff: is the first element an RSS, RDF or Atom root (with any prefix)? */
export function looksLikeFeed(text: string): boolean {
  const root = rootElement(text);
  return !!root && /^(rss|rdf|feed)$/i.test(root.local);
}

/** True when the text is an HTML page (doctype or <html> root), which is never read as a feed. */
export function looksLikeHtml(text: string): boolean {
  return /^[\s\ufeff]*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype\s+html|<html[\s>])/i.test(text.slice(0, 4096));
}

/** Feed URLs an HTML page advertises (`<link rel="alternate" type="application/rss+xml" href="…">`). */
export function advertisedFeeds(html: string): string[] {
  const out: string[] = [];
  for (const m of html.slice(0, 262_144).matchAll(/<link\b[^>]*>/gi)) {
    const tag = m[0];
    if (!/rel\s*=\s*["']?[^"'>]*alternate/i.test(tag) || !/type\s*=\s*["']?application\/(rss|atom|rdf)\+xml/i.test(tag)) continue;
    const href = /href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    const h = href?.[1] ?? href?.[2] ?? href?.[3];
    if (h && !out.includes(h)) out.push(h);
  }
  return out;
}

/** prefix -> namespace URI, from every xmlns declaration in the document (feeds bind each prefix once). */
function prefixMap(xml: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of xml.matchAll(/\sxmlns(?::([\w.-]+))?\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const p = m[1] ?? '';
    if (!map.has(p)) map.set(p, (m[2] ?? m[3] ?? '').trim());
  }
  return map;
}

// ---------------------------------------------------------------- text helpers

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', mdash: '\u2014', ndash: '\u2013', hellip: '\u2026',
  lsquo: '\u2018', rsquo: '\u2019', ldquo: '\u201c', rdquo: '\u201d', laquo: '\u00ab', raquo: '\u00bb', bull: '\u2022',
  middot: '\u00b7', copy: '\u00a9', reg: '\u00ae', trade: '\u2122', deg: '\u00b0', euro: '\u20ac', pound: '\u00a3',
  eacute: '\u00e9', egrave: '\u00e8', agrave: '\u00e0', aacute: '\u00e1', ccedil: '\u00e7', uuml: '\u00fc', ouml: '\u00f6',
  auml: '\u00e4', szlig: '\u00df', oacute: '\u00f3', iacute: '\u00ed', uacute: '\u00fa', ntilde: '\u00f1', shy: '',
};

/** XML character references and the common HTML named entities; an unknown `&name;` stays as written. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : m;
    }
    return NAMED[e] ?? NAMED[e.toLowerCase()] ?? m;
  });
}

const HTML_TAG = /<\/?[a-z][a-z0-9]*(\s[^>]*)?\/?>/i;

/**
 * The text of an element kept raw (a stop node): CDATA sections unwrapped, markup kept as HTML, escaped text decoded.
 * `<description>&lt;p&gt;Shelling&lt;/p&gt;</description>`, `<description><![CDATA[<p>Shelling</p>]]></description>`
 * and `<content type="xhtml"><div><p>Shelling</p></div></content>` all give `<p>Shelling</p>`.
 */
function innerText(raw: string, type: string | null): { text: string; html: boolean } {
  let text: string;
  if (raw.includes('<![CDATA[')) {
    text = raw.replace(/<!\[CDATA\[([\s\S]*?)(\]\]>|$)|([^<]+|<(?!!\[CDATA\[))/g, (_m, cdata: string | undefined, _e, other: string | undefined) =>
      cdata !== undefined ? cdata : decodeEntities(other ?? ''),
    );
  } else if (/<[a-z!]/i.test(raw)) text = raw; // child elements: markup as written (Atom xhtml, unescaped HTML)
  else text = decodeEntities(raw);
  text = text.trim();
  const html = type === 'text' ? false : HTML_TAG.test(text) || (type === 'html' || type === 'xhtml');
  return { text, html };
}

type Node = Record<string, unknown>;

function textOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number') return String(v).trim() || null;
  if (Array.isArray(v)) {
    for (const x of v) {
      const t = textOf(x);
      if (t) return t;
    }
    return null;
  }
  if (typeof v === 'object') return textOf((v as Node)['#text']);
  return null;
}

/** A stop node's value (string, or {#text, @_type}) as text and whether it is HTML. */
function bodyOf(v: unknown): { text: string; html: boolean } | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) {
    for (const x of v) {
      const b = bodyOf(x);
      if (b) return b;
    }
    return null;
  }
  const raw = typeof v === 'object' ? (v as Node)['#text'] : v;
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const type = typeof v === 'object' ? String((v as Node)['@_type'] ?? (v as Node)['@_mode'] ?? '').toLowerCase() : '';
  const t = innerText(String(raw), type === 'text' || type === 'text/plain' ? 'text' : type.includes('html') || type === 'escaped' ? 'html' : null);
  return t.text ? t : null;
}

/** A title as plain text (tags of an HTML title dropped). */
function plainOf(v: unknown): string | null {
  const b = bodyOf(v);
  if (!b) return null;
  const t = b.html ? decodeEntities(b.text.replace(/<[^>]*>/g, '')) : b.text;
  return t.replace(/\s+/g, ' ').trim() || null;
}

const ZONES: Record<string, string> = {
  UT: '+00:00', UTC: '+00:00', GMT: '+00:00', Z: '+00:00', EST: '-05:00', EDT: '-04:00', CST: '-06:00', CDT: '-05:00',
  MST: '-07:00', MDT: '-06:00', PST: '-08:00', PDT: '-07:00',
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const pad = (n: number | string, w = 2) => String(n).padStart(w, '0');

/**
 * A feed or page date as ISO 8601 keeping the publisher's UTC offset, so that the calendar day the publisher meant is
 * the day Vigil uses: "Tue, 11 May 2021 01:00:00 +0300" -> "2021-05-11T01:00:00+03:00" (not 2021-05-10T22:00Z).
 * ISO input is kept as written (a date alone stays a date); anything else Date.parse reads becomes UTC; else null.
 */
export function isoDateKeepingOffset(input: unknown): string | null {
  const s = typeof input === 'string' || typeof input === 'number' ? String(input).trim() : textOf(input);
  if (!s) return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(s);
  if (iso) {
    const [, y, mo, d, h, mi, sec, frac, z] = iso;
    if (!Number.isFinite(Date.parse(`${y}-${mo}-${d}`))) return null;
    if (h === undefined) return `${y}-${mo}-${d}`;
    const zone = z ? (z.toUpperCase() === 'Z' ? 'Z' : `${z.slice(0, 3)}:${z.slice(-2)}`) : '';
    return `${y}-${mo}-${d}T${h}:${mi}:${sec ?? '00'}${frac ?? ''}${zone}`;
  }
  // RFC 822 / 2822: "Mon, 10 May 2021 08:30:00 GMT", "10 May 2021 08:30 +0300"
  const rfc = /^(?:[a-z]{3,9},?\s+)?(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[a-z]{1,4})?/i.exec(s);
  if (rfc) {
    const [, d, monName, yRaw, h, mi, sec, zRaw] = rfc;
    const mo = MONTHS.indexOf(monName.toLowerCase());
    const y = yRaw.length === 2 ? 2000 + Number(yRaw) - (Number(yRaw) > 50 ? 100 : 0) : Number(yRaw);
    const zone = !zRaw ? '+00:00' : /^[+-]\d{4}$/.test(zRaw) ? `${zRaw.slice(0, 3)}:${zRaw.slice(3)}` : ZONES[zRaw.toUpperCase()];
    if (mo >= 0 && zone) {
      const out = `${pad(y, 4)}-${pad(mo + 1)}-${pad(d)}T${pad(h)}:${mi}:${sec ?? '00'}${zone === '+00:00' ? 'Z' : zone}`;
      if (Number.isFinite(Date.parse(out))) return out;
    }
  }
  const t = Date.parse(s);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

function atomLink(v: unknown): string | null {
  const links = Array.isArray(v) ? v : v ? [v] : [];
  let fallback: string | null = null;
  for (const l of links) {
    if (typeof l === 'string') {
      if (l.trim()) return l.trim();
      continue;
    }
    const href = (l as Node)['@_href'];
    if (typeof href !== 'string') {
      const t = textOf(l);
      if (t) return t;
      continue;
    }
    const rel = (l as Node)['@_rel'];
    if (!rel || rel === 'alternate') return href.trim();
    if (rel !== 'self' && rel !== 'replies' && rel !== 'edit') fallback ??= href.trim();
  }
  return fallback;
}

function point(item: Node): { lat: number; lon: number } | null {
  const p = textOf(item['georss:point']);
  if (p) {
    const [lat, lon] = p.split(/[\s,]+/).map(Number);
    if (Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) return { lat, lon };
  }
  const holder = (item['geo:Point'] && typeof item['geo:Point'] === 'object' ? item['geo:Point'] : item) as Node;
  const latS = textOf(holder['geo:lat']);
  const lonS = textOf(holder['geo:long']) ?? textOf(holder['geo:lon']);
  const lat = Number(latS);
  const lon = Number(lonS);
  if (latS && lonS && Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) return { lat, lon };
  return null;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ---------------------------------------------------------------- repair

/** Tags still open at the end of `xml` (a tolerant scan: comments, CDATA, PIs and self-closing tags skipped). */
function openTags(xml: string): string[] {
  const stack: string[] = [];
  const re = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<[?!][^>]*>|<(\/?)([A-Za-z_][\w.:-]*)(?:\s(?:[^>"']|"[^"]*"|'[^']*')*)?(\/?)>/g;
  for (let m; (m = re.exec(xml)); ) {
    if (!m[2]) continue;
    if (m[3]) continue; // <x/>
    if (m[1]) {
      const at = stack.lastIndexOf(m[2]);
      if (at >= 0) stack.length = at;
    } else stack.push(m[2]);
  }
  return stack;
}

// ---------------------------------------------------------------- parse

export function parseFeed(input: string, opts: { maxItems?: number } = {}): ParsedFeed {
  const warnings: FeedWarning[] = [];
  // Whitespace or a blank line before <?xml makes the XML ill-formed; every reader in the wild skips it.
  let xml = input.replace(/^[\s\ufeff]+/, '');
  const root = rootElement(xml);
  if (!root || !/^(rss|rdf|feed)$/i.test(root.local)) {
    if (looksLikeHtml(xml) || (root && /^html$/i.test(root.local))) {
      const feeds = advertisedFeeds(xml);
      throw new FeedError(`an HTML page, not a feed${feeds.length ? `; the page names these feeds: ${feeds.slice(0, 5).join(' ')}` : ''}`, 'VIGIL_ERR_NOT_A_FEED');
    }
    throw new FeedError(root ? `the root element is <${root.qname}>, not <rss>, <rdf:RDF> or <feed>` : 'no <rss>, <rdf:RDF> or <feed> root element');
  }
  if (/<!ENTITY/i.test(xml.slice(0, root.start))) throw new FeedError('the feed declares XML entities');

  // Canonical names by namespace: Atom / RSS 1.0 elements lose their prefix when they are the feed's own vocabulary.
  const prefixes = prefixMap(xml);
  const rootNs = prefixes.get(root.prefix) ?? '';
  const rootFamily = NAMESPACES[rootNs] ?? '';
  const canonical = (uri: string | undefined): string | null => {
    if (uri === undefined) return null;
    const c = NAMESPACES[uri];
    if (c === undefined) return null;
    if (c === 'rss1') return '';
    if (c === 'atom' && (rootFamily === 'atom' || /^feed$/i.test(root.local))) return '';
    return c;
  };
  const rename = (q: string): string => {
    const colon = q.indexOf(':');
    if (colon < 0) return q;
    const p = q.slice(0, colon);
    if (p === 'xmlns' || p === 'xml') return q;
    const c = canonical(prefixes.get(p));
    if (c === null) return q;
    return c ? `${c}:${q.slice(colon + 1)}` : q.slice(colon + 1);
  };
  const rootName = rename(root.qname);
  const isAtom = /^feed$/i.test(rootName);
  const isRdf = /^rdf:RDF$/i.test(rootName) || /^rdf$/i.test(root.local);
  const itemLocal = isAtom ? 'entry' : 'item';
  // The qualified names items carry in this feed ("item", "rss:item", "p0:entry") for cutting out their raw XML.
  const itemQNames = new Set([itemLocal]);
  for (const [p] of prefixes) if (p && rename(`${p}:${itemLocal}`) === itemLocal) itemQNames.add(`${p}:${itemLocal}`);
  const itemAlt = [...itemQNames].map(reEscape).join('|');

  // A truncated feed (no closing root tag): keep its complete items, close what is open.
  // Anything after the closing root tag (a hosting provider's <script>, a comment) is not part of the feed.
  const rootClose = new RegExp(`</${reEscape(root.qname)}\\s*>`, 'g');
  let closeEnd = -1;
  for (let m; (m = rootClose.exec(xml)); ) closeEnd = m.index + m[0].length;
  const closed = closeEnd > 0;
  if (closed && /\S/.test(xml.slice(closeEnd))) xml = xml.slice(0, closeEnd);
  if (!closed) {
    const ends = [...xml.matchAll(new RegExp(`</(?:${itemAlt})\\s*>`, 'g'))];
    const last = ends[ends.length - 1];
    let cut = last ? last.index! + last[0].length : xml.replace(/<[^>]*$/, '').length;
    if (!last) {
      // No complete item: keep the channel header only (up to the first item start, if any).
      const firstItem = new RegExp(`<(?:${itemAlt})(?=[\\s/>])`).exec(xml);
      if (firstItem) cut = firstItem.index;
    }
    const kept = xml.slice(0, cut);
    const open = openTags(kept);
    xml = kept + open.reverse().map((t) => `</${t}>`).join('');
    warnings.push({
      code: 'VIGIL_ERR_FEED_TRUNCATED',
      message: `the feed ends before </${root.qname}>; ${ends.length} complete item(s) kept, the partial item after them dropped`,
    });
  }

  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: true, unpairedTags: ['br', 'hr', 'img'] });
  if (valid !== true && closed) {
    warnings.push({ code: 'VIGIL_ERR_FEED_MALFORMED', message: `line ${valid.err.line}: ${valid.err.msg}; read leniently` });
  }

  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    textNodeName: '#text',
    processEntities: true,
    htmlEntities: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    allowBooleanAttributes: true,
    unpairedTags: ['br', 'hr', 'img'],
    transformTagName: rename,
    transformAttributeName: rename,
    // Bodies and titles are kept raw: escaped HTML, CDATA and inline XHTML are all told apart in innerText.
    stopNodes: ['*.title', '*.description', '*.content:encoded', '*.content', '*.summary', '*.subtitle', '*.tagline'],
    isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
  });
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (e) {
    throw new FeedError(`not readable as XML even leniently: ${(e as Error).message}`);
  }
  const rootKey = Object.keys(doc).find((k) => k.toLowerCase() === rootName.toLowerCase() || k === root.qname);
  const top = (rootKey ? doc[rootKey] : null) as Node | null;
  if (!top || typeof top !== 'object') throw new FeedError(`no <${root.qname}> element could be read`);

  let title: string | null;
  let link: string | null;
  let rawItems: Node[];
  if (isAtom) {
    title = plainOf(top.title);
    link = atomLink(top.link);
    rawItems = (top.entry as Node[]) ?? [];
  } else {
    const chan = top.channel;
    const ch = ((Array.isArray(chan) ? chan[0] : chan) ?? {}) as Node;
    title = plainOf(ch.title);
    link = textOf(ch.link) ?? atomLink(ch['atom:link']);
    // RSS 1.0 items are siblings of the channel; a few RSS 2.0 feeds put them there too.
    rawItems = [...(((isRdf ? top.item : ch.item) ?? ch.item ?? top.item ?? []) as Node[])];
  }
  if (typeof link === 'string' && !/^https?:\/\//i.test(link)) link = null;

  // Exact XML of each item, in document order, for provenance.
  const raws: string[] = [];
  const re = new RegExp(`<(${itemAlt})(?=[\\s/>])[^>]*>[\\s\\S]*?</\\1\\s*>`, 'g');
  for (let m; (m = re.exec(xml)) && raws.length < rawItems.length; ) raws.push(m[0]);

  const max = opts.maxItems ?? 100_000;
  const items: FeedItem[] = [];
  for (let i = 0; i < rawItems.length && i < max; i++) {
    const it = (rawItems[i] ?? {}) as Node;
    const itTitle = plainOf(it.title) ?? plainOf(it['dc:title']);
    const body = bodyOf(it['content:encoded']) ?? bodyOf(it.content) ?? bodyOf(it.description) ?? bodyOf(it.summary) ?? bodyOf(it['media:description']);
    let text: string;
    let html = false;
    if (body) {
      html = body.html;
      const starts = itTitle && (html ? body.text.replace(/<[^>]*>/g, '').trim() : body.text).startsWith(itTitle);
      text = itTitle && !starts ? `${html ? `<p>${escapeHtml(itTitle)}</p>` : itTitle}\n\n${body.text}` : body.text;
    } else text = itTitle ?? '';
    const authorNode = it.author ?? it['dc:creator'];
    const author = textOf(authorNode && typeof authorNode === 'object' && !Array.isArray(authorNode) && 'name' in (authorNode as Node) ? (authorNode as Node).name : authorNode);
    const guid = it.guid as unknown;
    const guidText = textOf(guid);
    const guidLink = guidText && /^https?:\/\//i.test(guidText) && !(guid && typeof guid === 'object' && (guid as Node)['@_isPermaLink'] === 'false') ? guidText : null;
    items.push({
      title: itTitle,
      link: isAtom ? atomLink(it.link) : textOf(it.link) ?? atomLink(it['atom:link']) ?? guidLink ?? textOf(it['@_rdf:about']),
      text,
      html,
      published: isoDateKeepingOffset(it.pubDate ?? it.published ?? it['dc:date'] ?? it.issued ?? it['dcterms:created'] ?? it.updated ?? it.modified ?? it['dcterms:modified']),
      id: guidText ?? textOf(it.id) ?? textOf(it['@_rdf:about']),
      author,
      point: point(it),
      raw: raws.length === rawItems.length ? raws[i] : JSON.stringify(it),
    });
  }
  return { title, link, items, warnings };
}

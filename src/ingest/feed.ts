/**
 * RSS 2.0, RSS 1.0 (RDF) and Atom feeds -> items. Each item becomes one document. GeoRSS
 * (`<georss:point>lat lon</georss:point>`, `<geo:lat>`/`<geo:long>`) is kept as a hint.
 * Feeds that declare entities (`<!ENTITY`) are refused: entity expansion is a denial-of-service
 * vector ("billion laughs") and real feeds do not need it.
 */
import { XMLParser } from 'fast-xml-parser';

export interface FeedItem {
  title: string | null;
  link: string | null;
  /** Best body: content:encoded / content, else description / summary, else the title. */
  text: string;
  /** The body holds HTML markup. */
  html: boolean;
  /** ISO timestamp, or null. */
  published: string | null;
  id: string | null;
  author: string | null;
  point: { lat: number; lon: number } | null;
  /** The item's XML exactly as in the feed (`<item>…</item>` / `<entry>…</entry>`). */
  raw: string;
}

export interface ParsedFeed {
  title: string | null;
  link: string | null;
  items: FeedItem[];
}

export class FeedError extends Error {}

/** A cheap sniff on the first bytes: is this RSS / RDF / Atom? */
export function looksLikeFeed(text: string): boolean {
  const head = text.slice(0, 2048);
  return /<rss[\s>]|<rdf:RDF[\s>]|<feed[\s>][^>]*|<feed\s+xmlns/i.test(head) && !/<html[\s>]/i.test(head);
}

type Node = Record<string, unknown>;

function textOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number') return String(v).trim() || null;
  if (Array.isArray(v)) return textOf(v[0]);
  if (typeof v === 'object') return textOf((v as Node)['#text']);
  return null;
}

function isoDate(v: unknown): string | null {
  const s = textOf(v);
  if (!s) return null;
  const t = Date.parse(s);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

function atomLink(v: unknown): string | null {
  const links = Array.isArray(v) ? v : v ? [v] : [];
  let fallback: string | null = null;
  for (const l of links) {
    if (typeof l === 'string') return l.trim();
    const href = (l as Node)['@_href'];
    if (typeof href !== 'string') continue;
    const rel = (l as Node)['@_rel'];
    if (!rel || rel === 'alternate') return href;
    fallback ??= href;
  }
  return fallback;
}

function point(item: Node): { lat: number; lon: number } | null {
  const p = textOf(item['georss:point']);
  if (p) {
    const [lat, lon] = p.split(/[\s,]+/).map(Number);
    if (Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) return { lat, lon };
  }
  const lat = Number(textOf(item['geo:lat']));
  const lon = Number(textOf(item['geo:long']) ?? textOf(item['geo:lon']));
  if (textOf(item['geo:lat']) && Number.isFinite(lat) && Number.isFinite(lon)) return { lat, lon };
  return null;
}

const HTML_TAG = /<\/?[a-z][a-z0-9]*(\s[^>]*)?>/i;

export function parseFeed(xml: string, opts: { maxItems?: number } = {}): ParsedFeed {
  if (/<!ENTITY/i.test(xml)) throw new FeedError('the feed declares XML entities');
  if (!looksLikeFeed(xml)) throw new FeedError('no <rss>, <rdf:RDF> or <feed> root element');
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    textNodeName: '#text',
    processEntities: true,
    htmlEntities: true,
    parseTagValue: false,
    trimValues: true,
    isArray: (name) => name === 'item' || name === 'entry',
  });
  let doc: Node;
  try {
    doc = parser.parse(xml, true) as Node;
  } catch (e) {
    throw new FeedError((e as Error).message);
  }
  const max = opts.maxItems ?? 100_000;
  let title: string | null = null;
  let link: string | null = null;
  let rawItems: Node[] = [];
  let atom = false;
  if (doc.rss) {
    const ch = ((doc.rss as Node).channel ?? {}) as Node;
    title = textOf(ch.title);
    link = textOf(ch.link);
    rawItems = (ch.item as Node[]) ?? [];
  } else if (doc['rdf:RDF']) {
    const rdf = doc['rdf:RDF'] as Node;
    const ch = (rdf.channel ?? {}) as Node;
    title = textOf(ch.title);
    link = textOf(ch.link);
    rawItems = (rdf.item as Node[]) ?? [];
  } else if (doc.feed) {
    atom = true;
    const f = doc.feed as Node;
    title = textOf(f.title);
    link = atomLink(f.link);
    rawItems = (f.entry as Node[]) ?? [];
  } else throw new FeedError('no <rss>, <rdf:RDF> or <feed> root element');

  // Exact XML of each item, in document order, for provenance.
  const tag = atom ? 'entry' : 'item';
  const raws: string[] = [];
  const re = new RegExp(`<${tag}(?:\\s[^>]*)?>[\\s\\S]*?</${tag}>`, 'g');
  for (let m; (m = re.exec(xml)) && raws.length < rawItems.length; ) raws.push(m[0]);

  const items: FeedItem[] = [];
  for (let i = 0; i < rawItems.length && i < max; i++) {
    const it = (rawItems[i] ?? {}) as Node;
    const itTitle = textOf(it.title);
    const body = textOf(it['content:encoded']) ?? textOf(it.content) ?? textOf(it.description) ?? textOf(it.summary) ?? '';
    const text = body && itTitle && !body.startsWith(itTitle) ? `${itTitle}\n\n${body}` : body || itTitle || '';
    const author = textOf(it.author && typeof it.author === 'object' && !Array.isArray(it.author) ? (it.author as Node).name : it.author) ?? textOf(it['dc:creator']);
    items.push({
      title: itTitle,
      link: atom ? atomLink(it.link) : textOf(it.link) ?? textOf(it['@_rdf:about']),
      text,
      html: HTML_TAG.test(text),
      published: isoDate(it.pubDate ?? it.published ?? it.updated ?? it['dc:date']),
      id: textOf(it.guid) ?? textOf(it.id),
      author,
      point: point(it),
      raw: raws.length === rawItems.length ? raws[i] : JSON.stringify(it),
    });
  }
  return { title, link, items };
}

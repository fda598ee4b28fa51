/**
 * A web page -> its main text, title, publication date and publisher. Mozilla Readability over a linkedom DOM
 * (no script execution); the body's text when Readability finds no article.
 *
 * Metadata, first found wins:
 * - published: JSON-LD `datePublished` (an Article / NewsArticle / BlogPosting, also inside `@graph`), OpenGraph
 *   `article:published_time`, other meta tags (`pubdate`, `publish-date`, `date`, `DC.date.issued`, `dcterms.created`,
 *   `parsely-pub-date`, `sailthru.date`, itemprop `datePublished`), then `<time datetime>` (one marked `pubdate` or
 *   `itemprop="datePublished"` first). The publisher's UTC offset is kept (see isoDateKeepingOffset).
 * - title: JSON-LD `headline`, `og:title`, Readability's title, `<title>` without its " | Site" tail.
 * - publisher (siteName): `og:site_name`, JSON-LD `publisher.name`, `application-name`; the caller falls back to the domain.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { isoDateKeepingOffset } from './feed.js';

/**
 * Readability's own default. A lower threshold lets its first, strictest pass return a short block (a "This page was
 * printed from…" footer, a newsletter box) instead of retrying with relaxed rules; with 500, a page whose article
 * is shorter still gets the longest of the attempts.
 */
const CHAR_THRESHOLD = 500;

type Json = Record<string, unknown>;

/** Every JSON-LD object of the page, flattened (`@graph` members and arrays included). */
function jsonLd(document: { querySelectorAll(sel: string): Iterable<{ textContent: string | null }> }): Json[] {
  const out: Json[] = [];
  const visit = (v: unknown, depth: number) => {
    if (depth > 4 || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x, depth + 1);
      return;
    }
    out.push(v as Json);
    if ((v as Json)['@graph']) visit((v as Json)['@graph'], depth + 1);
  };
  for (const s of document.querySelectorAll('script[type="application/ld+json"]')) {
    const raw = (s.textContent ?? '').trim();
    if (!raw || raw.length > 1_000_000) continue;
    try {
      visit(JSON.parse(raw.replace(/^\s*<!--|-->\s*$/g, '')), 0);
    } catch {
      /* a broken JSON-LD block is ignored */
    }
  }
  return out;
}

const typeOf = (o: Json): string[] => (Array.isArray(o['@type']) ? (o['@type'] as unknown[]).map(String) : o['@type'] ? [String(o['@type'])] : []);
const ARTICLE = /Article|BlogPosting|Report|LiveBlogPosting|WebPage|Posting|NewsArticle/i;
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const nameOf = (v: unknown): string | null => {
  if (Array.isArray(v)) return nameOf(v[0]);
  if (v && typeof v === 'object') return str((v as Json).name);
  return str(v);
};

export interface WebPage {
  title: string | null;
  text: string;
  /** ISO 8601 with the publisher's offset, or a date alone, or null. */
  published: string | null;
  /** The publisher as the page names itself (og:site_name, JSON-LD publisher), or null. */
  siteName: string | null;
  /** The page's own address (`<link rel="canonical">`, og:url), for a page saved to a file. */
  canonicalUrl: string | null;
}

export function extractMainText(html: string, url?: string): WebPage {
  const { document } = parseHTML(html);
  const meta = (...sels: string[]): string | null => {
    for (const sel of sels) {
      const el = document.querySelector(sel);
      const v = el?.getAttribute('content')?.trim() || el?.getAttribute('datetime')?.trim();
      if (v) return v;
    }
    return null;
  };
  const ld = jsonLd(document);
  const articles = ld.filter((o) => typeOf(o).some((t) => ARTICLE.test(t)));
  const ordered = [...articles.filter((o) => typeOf(o).some((t) => /Article|Posting|Report/i.test(t))), ...articles, ...ld];
  const ldField = (f: string): string | null => {
    for (const o of ordered) {
      const v = str(o[f]);
      if (v) return v;
    }
    return null;
  };

  const timeEl =
    document.querySelector('time[pubdate][datetime]') ?? document.querySelector('time[itemprop="datePublished"][datetime]') ??
    document.querySelector('article time[datetime]') ?? document.querySelector('time[datetime]');
  const candidates = [
    ldField('datePublished'),
    meta('meta[property="article:published_time"]', 'meta[name="article:published_time"]', 'meta[property="og:published_time"]'),
    meta(
      'meta[name="pubdate"]', 'meta[name="publishdate"]', 'meta[name="publish-date"]', 'meta[name="publish_date"]', 'meta[name="date"]',
      'meta[name="DC.date.issued"]', 'meta[name="dc.date.issued"]', 'meta[name="DC.date"]', 'meta[name="dcterms.created"]',
      'meta[name="dcterms.issued"]', 'meta[name="parsely-pub-date"]', 'meta[name="sailthru.date"]', 'meta[itemprop="datePublished"]',
      '[itemprop="datePublished"]', 'meta[name="article.published"]', 'meta[property="article:published"]',
    ),
    timeEl?.getAttribute('datetime') ?? null,
    ldField('dateCreated'),
  ];
  let published: string | null = null;
  for (const c of candidates) {
    published = c ? isoDateKeepingOffset(c) : null;
    if (published) break;
  }

  let siteName = meta('meta[property="og:site_name"]', 'meta[name="og:site_name"]');
  if (!siteName) for (const o of ordered) if ((siteName = nameOf(o.publisher))) break;
  siteName ??= meta('meta[name="application-name"]', 'meta[name="apple-mobile-web-app-title"]');

  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href')?.trim() || meta('meta[property="og:url"]');
  const canonicalUrl = canonical && /^https?:\/\/[^/\s]+/i.test(canonical) ? canonical : null;
  const docTitle = document.querySelector('title')?.textContent?.replace(/\s+/g, ' ').trim() || null;
  let title = ldField('headline') ?? meta('meta[property="og:title"]', 'meta[name="twitter:title"]');

  for (const el of document.querySelectorAll('script, style, noscript, template')) el.remove();
  let text = '';
  try {
    void url;
    const article = new Readability(document as unknown as Document, { charThreshold: CHAR_THRESHOLD }).parse();
    if (article?.textContent) {
      text = article.textContent;
      title ??= article.title?.trim() || null;
    }
  } catch {
    /* fall back below */
  }
  if (!text.trim()) text = document.body?.textContent ?? '';
  if (!title && docTitle) {
    // "Shelling hits market | Example News" -> "Shelling hits market" when the tail is the site's name.
    const parts = docTitle.split(/\s+[|\u2013\u2014-]\s+/);
    title = parts.length > 1 && (!siteName || parts[parts.length - 1].toLowerCase().includes(siteName.toLowerCase().slice(0, 6))) ? parts.slice(0, -1).join(' - ') : docTitle;
  }
  // Collapse the whitespace Readability leaves from the markup, keeping paragraph breaks.
  text = text.replace(/[ \t\f\v\u00a0]+/g, ' ').replace(/ *\n[ \n]*/g, (m) => (m.split('\n').length > 2 ? '\n\n' : '\n')).trim();
  return { title: title?.replace(/\s+/g, ' ').trim() || null, text, published, siteName: siteName?.trim() || null, canonicalUrl };
}

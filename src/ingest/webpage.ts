/**
 * Main text of a web page: Mozilla Readability over a linkedom DOM (no script execution).
 * Falls back to the body's text when Readability finds no article.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

export function extractMainText(html: string, url?: string): { title: string | null; text: string; published: string | null; siteName: string | null } {
  const { document } = parseHTML(html);
  const meta = (sel: string) => document.querySelector(sel)?.getAttribute('content')?.trim() || null;
  const publishedRaw =
    meta('meta[property="article:published_time"]') ?? meta('meta[name="date"]') ?? meta('meta[name="pubdate"]') ?? meta('meta[itemprop="datePublished"]') ??
    document.querySelector('time[datetime]')?.getAttribute('datetime') ?? null;
  const t = publishedRaw ? Date.parse(publishedRaw) : NaN;
  const published = Number.isFinite(t) ? new Date(t).toISOString() : null;
  const siteName = meta('meta[property="og:site_name"]');
  for (const el of document.querySelectorAll('script, style, noscript, template')) el.remove();
  let title: string | null = document.querySelector('title')?.textContent?.trim() || null;
  let text = '';
  try {
    void url;
    const article = new Readability(document as unknown as Document, { charThreshold: 200 }).parse();
    if (article?.textContent) {
      text = article.textContent;
      title = article.title?.trim() || title;
    }
  } catch {
    /* fall back below */
  }
  if (!text.trim()) text = document.body?.textContent ?? '';
  // Collapse the whitespace Readability leaves from the markup, keeping paragraph breaks.
  text = text.replace(/[ \t\f\v\u00a0]+/g, ' ').replace(/ *\n[ \n]*/g, (m) => (m.split('\n').length > 2 ? '\n\n' : '\n')).trim();
  return { title, text, published, siteName };
}

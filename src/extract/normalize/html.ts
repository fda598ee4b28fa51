/**
 * HTML -> analysis text with an offset map (text index -> source index).
 * A single forward scan, no DOM: elements that never hold report text (script, style, nav, header,
 * footer, aside, form, noscript, template, svg, iframe, button, select) are skipped with their content;
 * block elements become line breaks, so paragraphs stay paragraphs for the sentence splitter.
 */
import { MappedText } from './builder.js';
import { decodeEntity } from './entities.js';

export interface HtmlToTextOptions {
  /** Elements whose whole content is dropped. */
  skip?: ReadonlySet<string>;
}

export const SKIPPED_ELEMENTS: ReadonlySet<string> = new Set([
  'script', 'style', 'nav', 'header', 'footer', 'aside', 'form', 'noscript', 'template', 'svg', 'iframe',
  'button', 'select', 'head', 'menu', 'figure', 'video', 'audio', 'canvas', 'object',
]);
const VOID_SKIP = new Set(['head']);
const BLOCK = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'table', 'section', 'article',
  'blockquote', 'pre', 'hr', 'dd', 'dt', 'dl', 'main', 'figcaption', 'title', 'td', 'th', 'caption',
]);

export interface HtmlStats {
  /** Characters inside <script>/<style> elements (to detect pages that are all script). */
  scriptChars: number;
  title: string | null;
}

export function htmlToText(src: string, opts: HtmlToTextOptions = {}): { text: string; map: Int32Array; stats: HtmlStats } {
  const skip = opts.skip ?? SKIPPED_ELEMENTS;
  const out = new MappedText();
  let scriptChars = 0;
  let title: string | null = null;
  let i = 0;
  const n = src.length;
  let pendingSpace = -1; // source index of collapsed whitespace not yet written
  const newline = (at: number, count: number) => {
    pendingSpace = -1;
    const t = out.tail(2);
    const have = t.endsWith('\n\n') ? 2 : t.endsWith('\n') ? 1 : 0;
    if (out.length === 0) return;
    if (count > have) out.put('\n'.repeat(count - have), at);
  };
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 60 /* < */) {
      // comment
      if (src.startsWith('<!--', i)) {
        const e = src.indexOf('-->', i + 4);
        i = e < 0 ? n : e + 3;
        continue;
      }
      const m = /^<\/?([a-zA-Z][a-zA-Z0-9-]*)/.exec(src.slice(i, i + 40));
      if (!m && src[i + 1] !== '!' && src[i + 1] !== '?') {
        // a bare "<" in text
        flushSpace();
        out.copy('<', i);
        i++;
        continue;
      }
      const gt = findTagEnd(src, i);
      if (!m) { i = gt; continue; }
      const name = m[1].toLowerCase();
      const closing = src[i + 1] === '/';
      const selfClosing = src[gt - 2] === '/';
      if (!closing && skip.has(name) && !selfClosing) {
        const endTag = new RegExp(`</${name}\\s*>`, 'ig');
        endTag.lastIndex = gt;
        const em = endTag.exec(src);
        const end = em ? em.index + em[0].length : n;
        if (name === 'script' || name === 'style') scriptChars += end - gt;
        if (name === 'head') {
          const tm = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(src.slice(gt, end));
          if (tm) title = decodeAll(tm[1]).replace(/\s+/g, ' ').trim() || null;
        }
        i = VOID_SKIP.has(name) || em ? end : n;
        newline(i, 1);
        continue;
      }
      if (name === 'title' && !closing) {
        const e = src.toLowerCase().indexOf('</title>', gt);
        if (e >= 0) {
          title = decodeAll(src.slice(gt, e)).replace(/\s+/g, ' ').trim() || null;
          i = e + 8;
          continue;
        }
      }
      if (BLOCK.has(name)) newline(i, name === 'br' || name === 'li' || name === 'td' || name === 'th' ? 1 : 2);
      i = gt;
      continue;
    }
    if (c === 38 /* & */) {
      const semi = src.indexOf(';', i + 1);
      if (semi > i && semi - i <= 10) {
        const dec = decodeEntity(src.slice(i + 1, semi));
        if (dec !== null) {
          if (dec === ' ') {
            if (pendingSpace < 0) pendingSpace = i;
          } else {
            flushSpace();
            out.put(dec, i);
          }
          i = semi + 1;
          continue;
        }
      }
      flushSpace();
      out.copy('&', i);
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12) {
      if (pendingSpace < 0) pendingSpace = i;
      i++;
      continue;
    }
    // a run of ordinary characters
    let j = i + 1;
    while (j < n) {
      const d = src.charCodeAt(j);
      if (d === 60 || d === 38 || d === 32 || d === 9 || d === 10 || d === 13 || d === 12) break;
      j++;
    }
    flushSpace();
    out.copy(src.slice(i, j), i);
    i = j;
  }
  return { ...out.finish(), stats: { scriptChars, title } };

  function flushSpace(): void {
    if (pendingSpace >= 0) {
      const t = out.tail(1);
      if (out.length > 0 && t !== '\n' && t !== ' ') out.put(' ', pendingSpace);
      pendingSpace = -1;
    }
  }
}

/** Index just after the tag's closing ">" (quotes may hold ">"). */
function findTagEnd(src: string, start: number): number {
  let q: string | null = null;
  for (let k = start + 1; k < src.length; k++) {
    const ch = src[k];
    if (q) { if (ch === q) q = null; continue; }
    if (ch === '"' || ch === "'") q = ch;
    else if (ch === '>') return k + 1;
  }
  return src.length;
}

function decodeAll(s: string): string {
  return s.replace(/&([#a-zA-Z0-9]{1,8});/g, (m, b: string) => decodeEntity(b) ?? m);
}

/** Heuristic sniff: does this look like an HTML document rather than text that mentions a tag? */
export function looksLikeHtml(s: string): boolean {
  // both tests below need a "<" in the first 20,000 characters: most reports have none
  const lt = s.indexOf('<');
  if (lt < 0 || lt >= 20000) return false;
  const head = s.slice(0, 2000).trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return true;
  const tags = s.slice(0, 20000).match(/<\/?(p|div|span|a|br|script|body|article|h[1-6]|li|ul|meta|link)\b[^>]*>/gi);
  return (tags?.length ?? 0) >= 3;
}

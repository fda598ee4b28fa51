import { describe, expect, it } from 'vitest';
import { cleanMarkdown, looksLikeMarkdown } from './text.js';

// The regular expressions cleanMarkdown used before its link and bold passes became linear scans: the scans must
// find the same matches (they were quadratic on "[[[[..." and "**a **a ...").
const blank = (s: string): string => ' '.repeat(s.length);
function regexMarkdown(text: string): string {
  return text
    .replace(/!\[([^\]\n]*)\]\(([^)\n]*)\)/g, (m) => blank(m))
    .replace(/\[([^\]\n]+)\]\(([^)\n]*)\)/g, (_m, label: string, url: string) => ` ${label}${blank(`](${url})`)}`)
    .replace(/^( {0,3})(#{1,6})(?= )/gm, (_m, sp: string, h: string) => sp + blank(h))
    .replace(/^( {0,3})([-*+]|>+)(?= )/gm, (_m, sp: string, b: string) => sp + blank(b))
    .replace(/^ {0,3}([-*_])( ?\1){2,} *$/gm, (m) => blank(m))
    .replace(/(\*\*|__)(?=\S)([^\n]*?\S)\1/g, (_m, d: string, inner: string) => blank(d) + inner + blank(d))
    .replace(/(^|[\s(])([*_])(?=\S)([^*_\n]*?\S)\2(?=[\s).,;:!?]|$)/gm, (_m, pre: string, d: string, inner: string) => pre + ' ' + inner + ' ')
    .replace(/`+/g, (m) => blank(m));
}
const regexHasLink = (t: string) => /\[[^\]\n]+\]\([^)\s]+\)/.test(t);

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('cleanMarkdown', () => {
  it('finds the same links, images and bold as the regular expressions, on random Markdown-like text', () => {
    const rnd = seeded(19);
    const alphabet = ['[', ']', '(', ')', '!', '*', '**', '_', '__', ' ', '\n', 'a', 'b', 'x y', '#', '- ', '`', '\t'];
    for (let n = 0; n < 20_000; n++) {
      let t = '';
      const len = 1 + Math.floor(rnd() * 30);
      for (let i = 0; i < len; i++) t += alphabet[Math.floor(rnd() * alphabet.length)];
      expect(cleanMarkdown(t)).toBe(regexMarkdown(t));
      expect(looksLikeMarkdown(t)).toBe((/^#{1,6} \S/m.test(t) ? 2 : 0) + (regexHasLink(t) ? 2 : 0) + (/\*\*[^*\n]+\*\*/.test(t) ? 1 : 0) + (/^[-*] \S/m.test(t) ? 1 : 0) >= 2 && /[#[*]/.test(t));
    }
  });

  it('cleans a report with links, an image and bold text, keeping its length', () => {
    const md = '# Strike\n\n![map](https://x.test/m.png) **Gunmen** attacked [the checkpoint](https://x.test/a) on Monday.';
    const out = cleanMarkdown(md);
    expect(out.length).toBe(md.length);
    expect(out).toContain('Gunmen');
    expect(out).toContain(' the checkpoint');
    expect(out).not.toMatch(/[[\]*#]|https/);
  });
});

/**
 * Shapes of hostile documents (small inputs that once made extraction superlinear), written for the scaling tests,
 * the fuzz test and scripts/bench/hostile.ts. Each takes a size in characters and returns a document about that long.
 */
import type { SourceDocument } from '../../model/document.js';

export interface Shape {
  name: string;
  make(chars: number, rnd?: () => number): Pick<SourceDocument, 'source' | 'mediaType'>;
}

const rep = (unit: string, chars: number) => unit.repeat(Math.max(1, Math.floor(chars / unit.length)));

export const SHAPES: Shape[] = [
  // "1 1 1 ... killed": every number a candidate subject of the one trigger at the end (assembly, casualties)
  { name: 'numbers-then-trigger', make: (n) => ({ source: `${rep('1 ', n - 7)}killed` }) },
  // a trigger word after every count: counts x triggers pairs
  { name: 'count-trigger-pairs', make: (n) => ({ source: rep('3 killed ', n) }) },
  // only trigger words: ~1 mention per 7 characters (push(...) of every mention overflowed the stack)
  { name: 'trigger-dense', make: (n) => ({ source: rep('killed ', n) }) },
  // counts in parentheses between a count and its trigger
  { name: 'parenthesised-counts', make: (n) => ({ source: `${rep('4 (2 children) ', n - 16)}were killed` }) },
  // articles and person nouns: "a man a man ..." with numbers between
  { name: 'articles-and-numbers', make: (n) => ({ source: `${rep('a man 5 ', n - 10)}were killed` }) },
  // a flood of combining marks of mixed classes on one base letter (NFC reorders them)
  { name: 'combining-flood', make: (n) => ({ source: `a${rep('\u0316\u0301', n)} killed` }) },
  // Markdown made of "[": every "[" opens a link label that never closes
  { name: 'markdown-brackets', make: (n) => ({ source: rep('[', n), mediaType: 'text/markdown' }) },
  // Markdown link openers "[a](" that never close
  { name: 'markdown-open-links', make: (n) => ({ source: rep('[a](', n), mediaType: 'text/markdown' }) },
  // emphasis markers that never close
  { name: 'markdown-stars', make: (n) => ({ source: rep('**a ', n), mediaType: 'text/markdown' }) },
  // a long report with no full stop: one sentence
  { name: 'no-full-stop', make: (n) => ({ source: rep('gunmen attacked a checkpoint near Aleppo and killed 2 soldiers and ', n) }) },
  // deeply nested HTML elements
  { name: 'nested-html', make: (n) => ({ source: `${rep('<div>', n - 40)}<p>Gunmen killed 3 people in Aleppo.</p>`, mediaType: 'text/html' }) },
  // unclosed HTML tags and attributes
  { name: 'open-html-tags', make: (n) => ({ source: `<p>${rep('<a href="x" ', n)}`, mediaType: 'text/html' }) },
  // many dates and places with no events
  { name: 'dates-and-places', make: (n) => ({ source: rep('on 3 May 2016 in Aleppo, ', n) }) },
  // one huge word
  { name: 'one-long-word', make: (n) => ({ source: `killed ${rep('a', n)}` }) },
  // whitespace between a count and a trigger
  { name: 'spaces-between', make: (n) => ({ source: rep(`2${' '.repeat(40)}killed `, n) }) },
];

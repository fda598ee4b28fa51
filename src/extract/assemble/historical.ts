/**
 * Is a sentence about the past (background), not about the event being reported?
 *   "Last year a Su-24 was shot down near the border."          -> strong cue "last year"      -> historical
 *   "Similar strikes took place after the 2015 incident."         -> strong cue (comparison)     -> historical
 *   "In 2015 the base was attacked." (published 2016)              -> year before publication     -> historical
 *   "On 9 May 2020, gunmen attacked the village for the first time" -> the report's own dated lead sentence: current
 * Cues are data: lang/<xx>/historical.json (strong / weak cues and current-time cues).
 */
import type { Doc, Sentence } from '../../model/document.js';
import { scanText } from '../classify/lexicon.js';

export interface HistoricalOptions {
  /** The sentence holds the document's first trigger (its lead): strong cues need no current-date cue to lose. */
  lead: boolean;
}

const YEAR_RE = /\b(1[89]\d\d|20\d\d)\b/g;

type Range = { start: number; end: number };

/** Start-sorted offsets of one kind of cue, to find the cues inside a sentence without scanning them all. */
class SpanIndex {
  private starts: number[];
  private ends: number[];
  constructor(items: Range[]) {
    const sorted = [...items].sort((a, b) => a.start - b.start);
    this.starts = sorted.map((m) => m.start);
    this.ends = sorted.map((m) => m.end);
  }
  /** Is some item within [s.start, s.end] (start >= s.start and end <= s.end)? */
  anyWithin(s: Range): boolean {
    let a = 0;
    let b = this.starts.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if (this.starts[m]! < s.start) a = m + 1;
      else b = m;
    }
    for (let i = a; i < this.starts.length && this.starts[i]! <= s.end; i++) if (this.ends[i]! <= s.end) return true;
    return false;
  }
}

interface CueIndex {
  text: string;
  mentions: Doc['mentions'];
  nMentions: number;
  scan: ReturnType<typeof scanText>;
  strong: SpanIndex;
  weak: SpanIndex;
  datedNow: SpanIndex;
  current: SpanIndex;
}
/** One document at a time: built once, then each sentence costs a few binary searches (it rescanned every mention). */
let lastIndex: CueIndex | null = null;

function cueIndex(doc: Doc): CueIndex {
  const scan = scanText(doc.text, doc.language);
  if (lastIndex && lastIndex.text === doc.text && lastIndex.mentions === doc.mentions && lastIndex.nMentions === doc.mentions.length && lastIndex.scan === scan) return lastIndex;
  const strong: Range[] = [];
  const weak: Range[] = [];
  for (const m of doc.mentions) {
    if (m.kind !== 'historical-cue') continue;
    (m.rule.includes(':strong:') ? strong : weak).push(m);
  }
  lastIndex = {
    text: doc.text, mentions: doc.mentions, nMentions: doc.mentions.length, scan,
    strong: new SpanIndex(strong), weak: new SpanIndex(weak),
    datedNow: new SpanIndex(scan.cues.filter((c) => c.entry.id === 'current-date')),
    current: new SpanIndex(scan.current),
  };
  return lastIndex;
}

export function isHistoricalSentence(doc: Doc, s: Sentence, lead: boolean): boolean {
  const idx = cueIndex(doc);
  let strong = idx.strong.anyWithin(s);
  const weak = idx.weak.anyWithin(s);
  const datedNow = idx.datedNow.anyWithin(s);
  const current = datedNow || idx.current.anyWithin(s);
  if (!strong && doc.published) {
    const pubYear = Number(doc.published.slice(0, 4));
    const text = doc.text.slice(s.start, s.end);
    YEAR_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    let past = false;
    let now = false;
    while ((m = YEAR_RE.exec(text)) !== null) {
      const y = Number(m[1]);
      if (y < pubYear) past = true;
      else now = true;
    }
    if (past && !now && !datedNow) strong = true;
  }
  if (strong) return !(lead && datedNow);
  if (weak) return !current && !lead;
  return false;
}

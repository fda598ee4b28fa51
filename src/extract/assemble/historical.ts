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

export function isHistoricalSentence(doc: Doc, s: Sentence, lead: boolean): boolean {
  const scan = scanText(doc.text, doc.language);
  const within = (m: { start: number; end: number }) => m.start >= s.start && m.end <= s.end;
  let strong = false;
  let weak = false;
  for (const m of doc.mentions) {
    if (m.kind !== 'historical-cue' || !within(m)) continue;
    if (m.rule.includes(':strong:')) strong = true;
    else weak = true;
  }
  const datedNow = scan.cues.some((c) => c.entry.id === 'current-date' && within(c));
  const current = datedNow || scan.current.some(within);
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

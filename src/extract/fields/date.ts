/**
 * The event date. Order of preference:
 *  1. a date in the sentence of the event's trigger (a date opening the sentence wins, except a press dateline
 *     "4 March 2017 – ... on Friday": then the weekday, resolved against the dateline, is the event's day);
 *  2. the first date in the event's other sentences;
 *  3. the nearest date before the event in the same paragraph, then in the document (a dateline, or the
 *     "On 9 May 2020, ..." that opens a coder's note), if it is a day, week or range (not a background year);
 *  4. none: start null, precision 'unknown', notAfter = publication or capture date. Never invented.
 */
import type { Doc, MentionOf } from '../../model/document.js';
import type { EventDate } from '../../model/event.js';
import { dateMentions } from '../stages/44-dates.js';
import type { EventScope, FieldResult } from './types.js';
import { evidence, mentionsOrRecognized, scopeSentences } from './scope.js';


function toEventDate(m: MentionOf<'date'>, notAfter: string | null): EventDate {
  return { start: m.value.start, end: m.value.end, precision: m.value.precision, relative: m.value.relative, notAfter };
}

/** What follows a press dateline's date: a dash, perhaps after an agency ("4 March 2017 (AFP) –"), or an agency
 * between slashes ("МОСКВА, 4 марта 2017. /ТАСС/."). */
const DATELINE_TAIL = /^\s*(?:(?:\([^()\n]{1,40}\)\s*)?[-–—]|\.?\s*\/[^/\n]{1,40}\/)/;

export function resolveEventDate(doc: Doc, scope: EventScope): FieldResult<EventDate> {
  const notAfter = (doc.published ?? doc.captured)?.slice(0, 10) ?? null;
  // resolvers may run on a document that skipped 44-dates (tests, previews)
  const dates = mentionsOrRecognized(doc, scope, ['date'], dateMentions);
  const sentences = scopeSentences(doc, scope);
  const inSentence = (i: number) => dates.filter((d) => d.sentence === i);
  const pick = (m: MentionOf<'date'>, rule: string): FieldResult<EventDate> => ({
    value: toEventDate(m, notAfter),
    evidence: [evidence(doc, m.start, m.end, rule)],
    rules: [rule],
  });
  // A date that opens its sentence ("On 9 May 2020, ...", "Around 8 May 2020 (from 24 April-8 May), ...") is that
  // sentence's dateline and beats other dates in it. Month / year expressions ("end of March", "a few years ago")
  // are background unless nothing more precise is found.
  const precise = (d: MentionOf<'date'>) => d.value.precision === 'day' || d.value.precision === 'range' || d.value.precision === 'week';
  const leading = (d: MentionOf<'date'>) => {
    const s = doc.sentences[d.sentence];
    return !!s && d.start - s.start <= 15;
  };
  const pressDateline = (d: MentionOf<'date'>) =>
    d.value.precision === 'day' && !d.value.relative && DATELINE_TAIL.test(doc.text.slice(d.end, d.end + 60));
  let afterDateline: MentionOf<'date'> | null = null;
  const coarse: MentionOf<'date'>[] = [];
  const choose = (ds: MentionOf<'date'>[], near: number | null): MentionOf<'date'> | null => {
    const ok = ds.filter(precise);
    coarse.push(...ds.filter((d) => !precise(d)));
    if (!ok.length) return null;
    const lead = ok.find(leading);
    if (lead) {
      // "BEIRUT, 4 March 2017 – Jets struck the town on Friday": a press dateline (a date followed by a dash) is when
      // the report was filed; the weekday in the same sentence, resolved against it, is when the event happened.
      const rel = pressDateline(lead) ? ok.find((x) => x !== lead && x.value.relative && x.value.precision === 'day') : undefined;
      if (rel) afterDateline = rel;
      return rel ?? lead;
    }
    if (near === null) return ok[0];
    return ok.reduce((a, b) => (Math.abs(b.start - near) < Math.abs(a.start - near) ? b : a));
  };
  if (scope.trigger) {
    const m = choose(inSentence(scope.trigger.sentence), scope.trigger.start);
    if (m) return pick(m, leading(m) ? 'date:dateline' : m === afterDateline ? 'date:weekday-after-dateline' : 'date:trigger-sentence');
  }
  for (const s of sentences) {
    const m = choose(inSentence(s.index), null);
    if (m) return pick(m, leading(m) ? 'date:dateline' : m === afterDateline ? 'date:weekday-after-dateline' : 'date:event-sentences');
  }
  const first = sentences[0];
  if (first) {
    const before = dates.filter((d) => d.end <= first.start && precise(d));
    const samePara = before.filter((d) => doc.sentences[d.sentence]?.paragraph === first.paragraph);
    if (samePara.length) return pick(samePara[samePara.length - 1], 'date:paragraph-context');
    // the event's own month or year ("In November 2015 a Su-24 was shot down") beats a date from another paragraph
    if (coarse.length) return pick(coarse[0], 'date:coarse');
    if (before.length) return pick(before[before.length - 1], 'date:document-context');
    // a headline or lead before the dated sentence: the first day-precise date of the document
    const after = dates.find((d) => d.start >= first.start && d.value.precision === 'day' && !d.value.relative);
    if (after && after.sentence - first.index <= 3) return pick(after, 'date:following-context');
  }
  if (coarse.length) return pick(coarse[0], 'date:coarse');
  return { value: { start: null, end: null, precision: 'unknown', relative: false, notAfter }, evidence: [], rules: ['date:unknown'] };
}

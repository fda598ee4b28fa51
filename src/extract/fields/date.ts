/**
 * The event date. Order of preference:
 *  1. a date in the sentence of the event's trigger;
 *  2. the first date in the event's other sentences;
 *  3. the nearest date before the event in the same paragraph, then in the document (a dateline, or the
 *     "On 9 May 2020, ..." that opens a coder's note), if it is a day, week or range (not a background year);
 *  4. none: start null, precision 'unknown', notAfter = publication or capture date. Never invented.
 */
import type { Doc, MentionOf } from '../../model/document.js';
import type { EventDate } from '../../model/event.js';
import { dateMentions } from '../stages/44-dates.js';
import type { EventScope, FieldResult } from './types.js';
import { evidence, scopeSentences } from './scope.js';

function allDates(doc: Doc): MentionOf<'date'>[] {
  const ds = doc.mentions.filter((m): m is MentionOf<'date'> => m.kind === 'date');
  // resolvers may run on a document that skipped 44-dates (tests, previews)
  return ds.length || doc.mentions.some((m) => m.kind === 'date') ? ds : dateMentions(doc);
}

function toEventDate(m: MentionOf<'date'>, notAfter: string | null): EventDate {
  return { start: m.value.start, end: m.value.end, precision: m.value.precision, relative: m.value.relative, notAfter };
}

export function resolveEventDate(doc: Doc, scope: EventScope): FieldResult<EventDate> {
  const notAfter = (doc.published ?? doc.captured)?.slice(0, 10) ?? null;
  const dates = allDates(doc);
  const sentences = scopeSentences(doc, scope);
  const inSentence = (i: number) => dates.filter((d) => d.sentence === i);
  const pick = (m: MentionOf<'date'>, rule: string): FieldResult<EventDate> => ({
    value: toEventDate(m, notAfter),
    evidence: [evidence(doc, m.start, m.end, rule)],
    rules: [rule],
  });
  if (scope.trigger) {
    const own = inSentence(scope.trigger.sentence);
    if (own.length) {
      // the date nearest the trigger
      const t = scope.trigger;
      const best = own.reduce((a, b) => (Math.abs(b.start - t.start) < Math.abs(a.start - t.start) ? b : a));
      return pick(best, 'date:trigger-sentence');
    }
  }
  for (const s of sentences) {
    const ds = inSentence(s.index);
    if (ds.length) return pick(ds[0], 'date:event-sentences');
  }
  const first = sentences[0];
  if (first) {
    const before = dates.filter((d) => d.end <= first.start && d.value.precision !== 'year' && d.value.precision !== 'month');
    const samePara = before.filter((d) => doc.sentences[d.sentence]?.paragraph === first.paragraph);
    const m = samePara[samePara.length - 1] ?? before[before.length - 1];
    if (m) return pick(m, samePara.length ? 'date:paragraph-context' : 'date:document-context');
    // a headline or lead before the dated sentence: the first day-precise date of the document
    const after = dates.find((d) => d.start >= first.start && d.value.precision === 'day' && !d.value.relative);
    if (after && doc.sentences[after.sentence]?.paragraph !== undefined && after.sentence - first.index <= 3) return pick(after, 'date:following-context');
  }
  return { value: { start: null, end: null, precision: 'unknown', relative: false, notAfter }, evidence: [], rules: ['date:unknown'] };
}

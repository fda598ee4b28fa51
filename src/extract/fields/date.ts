/**
 * The event date. Order of preference:
 *  1. a date in the sentence of the event's trigger (a date opening the sentence wins, except a press dateline
 *     "4 March 2017 – ... on Friday": then the weekday, resolved against the dateline, is the event's day);
 *  2. the first date in the event's other sentences;
 *  3. the nearest date before the event in the same paragraph, then in the document (a dateline, or the
 *     "On 9 May 2020, ..." that opens a coder's note), if it is a day, week or range (not a background year);
 *  4. a social-media post (its platform printed its timestamp: Doc.reportDate rule 'date:post-timestamp') that gives the
 *     event no date of its own reports that day's event ("#عاجل قصف مدفعي على ..."): the post's day, rule
 *     'date:post-day', with the timestamp as evidence. Not for news pages: an article's dateline says when it was
 *     written, not that its story is of that day;
 *  5. none: start null, precision 'unknown', notAfter = publication, report or capture date. Never invented.
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

/** Day, range or week: a date precise enough to be the event's. Month / year expressions are background. */
function precise(d: MentionOf<'date'>): boolean {
  return d.value.precision === 'day' || d.value.precision === 'range' || d.value.precision === 'week';
}

/** A date that opens its sentence ("On 9 May 2020, ...", "Around 8 May 2020 (from 24 April-8 May), ..."). */
function leading(doc: Doc, d: MentionOf<'date'>): boolean {
  const s = doc.sentences[d.sentence];
  return !!s && d.start - s.start <= 15;
}

/** A press dateline: a day date followed by a dash or an agency ("4 March 2017 (AFP) –"). */
function pressDateline(doc: Doc, d: MentionOf<'date'>): boolean {
  return d.value.precision === 'day' && !d.value.relative && DATELINE_TAIL.test(doc.text.slice(d.end, d.end + 60));
}

function pick(doc: Doc, m: MentionOf<'date'>, rule: string, notAfter: string | null): FieldResult<EventDate> {
  return { value: toEventDate(m, notAfter), evidence: [evidence(doc, m.start, m.end, rule)], rules: [rule] };
}

/** What choose() found besides its answer: the coarse dates it passed over, the weekday read after a dateline. */
interface Chosen {
  coarse: MentionOf<'date'>[];
  afterDateline: MentionOf<'date'> | null;
}

/**
 * The event's date among the dates of one sentence: the date that opens the sentence (its dateline) beats the
 * others, else the precise date nearest to `near` (or the first). Coarse dates are collected in `c.coarse`.
 */
function choose(doc: Doc, ds: MentionOf<'date'>[], near: number | null, c: Chosen): MentionOf<'date'> | null {
  const ok = ds.filter(precise);
  for (const d of ds) if (!precise(d)) c.coarse.push(d);
  if (!ok.length) return null;
  const lead = ok.find((d) => leading(doc, d));
  if (lead) {
    // "BEIRUT, 4 March 2017 – Jets struck the town on Friday": a press dateline (a date followed by a dash) is when
    // the report was filed; the weekday in the same sentence, resolved against it, is when the event happened.
    const rel = pressDateline(doc, lead) ? ok.find((x) => x !== lead && x.value.relative && x.value.precision === 'day') : undefined;
    if (rel) c.afterDateline = rel;
    return rel ?? lead;
  }
  if (near === null) return ok[0];
  return ok.reduce((a, b) => (Math.abs(b.start - near) < Math.abs(a.start - near) ? b : a));
}

/** The rule naming why `m` was chosen in a sentence: its dateline, the weekday after a press dateline, or `other`. */
function ruleOf(doc: Doc, m: MentionOf<'date'>, c: Chosen, other: string): string {
  return leading(doc, m) ? 'date:dateline' : m === c.afterDateline ? 'date:weekday-after-dateline' : other;
}

export function resolveEventDate(doc: Doc, scope: EventScope): FieldResult<EventDate> {
  // a report date the text states (a post timestamp, "نشر في ..."), not a dateline guessed from the first full date
  const stated = doc.reportDate && doc.reportDate.rule !== 'date:dateline' ? doc.reportDate.date : null;
  const notAfter = (doc.published ?? stated ?? doc.captured)?.slice(0, 10) ?? null;
  // resolvers may run on a document that skipped 44-dates (tests, previews)
  const dates = mentionsOrRecognized(doc, scope, ['date'], dateMentions);
  const sentences = scopeSentences(doc, scope);
  // Helpers are module functions rather than closures: this runs for every event.
  const c: Chosen = { coarse: [], afterDateline: null };
  if (scope.trigger) {
    const i = scope.trigger.sentence;
    const m = choose(doc, dates.filter((d) => d.sentence === i), scope.trigger.start, c);
    if (m) return pick(doc, m, ruleOf(doc, m, c, 'date:trigger-sentence'), notAfter);
  }
  for (const s of sentences) {
    const m = choose(doc, dates.filter((d) => d.sentence === s.index), null, c);
    if (m) return pick(doc, m, ruleOf(doc, m, c, 'date:event-sentences'), notAfter);
  }
  const first = sentences[0];
  if (first) {
    const before = dates.filter((d) => d.end <= first.start && precise(d));
    const samePara = before.filter((d) => doc.sentences[d.sentence]?.paragraph === first.paragraph);
    if (samePara.length) return pick(doc, samePara[samePara.length - 1], 'date:paragraph-context', notAfter);
    // the event's own month or year ("In November 2015 a Su-24 was shot down") beats a date from another paragraph
    if (c.coarse.length) return pick(doc, c.coarse[0], 'date:coarse', notAfter);
    if (before.length) return pick(doc, before[before.length - 1], 'date:document-context', notAfter);
    // a headline or lead before the dated sentence: the first day-precise date of the document
    const after = dates.find((d) => d.start >= first.start && d.value.precision === 'day' && !d.value.relative);
    if (after && after.sentence - first.index <= 3) return pick(doc, after, 'date:following-context', notAfter);
  }
  if (c.coarse.length) return pick(doc, c.coarse[0], 'date:coarse', notAfter);
  const rd = doc.reportDate;
  if (rd && rd.rule === 'date:post-timestamp' && rd.start !== undefined && rd.end !== undefined) {
    const ev = { start: rd.start, end: rd.end, text: rd.text ?? doc.text.slice(rd.start, rd.end), rule: 'date:post-day' };
    return { value: { start: rd.date, end: rd.date, precision: 'day', relative: true, notAfter }, evidence: [ev], rules: ['date:post-day'] };
  }
  return { value: { start: null, end: null, precision: 'unknown', relative: false, notAfter }, evidence: [], rules: ['date:unknown'] };
}

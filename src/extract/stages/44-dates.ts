/**
 * 44-dates: date expressions as date mentions with a day range and a precision.
 *   "On 9 May 2020"            -> 2020-05-09 (day)
 *   "on Monday", "yesterday"   -> resolved against the publication date, never later than it (relative)
 *   "last week" / "last month" -> week / month ranges before the publication date
 *   "in May 2020", "in 2015"   -> month / year ranges;  "between 3 and 5 May 2020" -> range
 * Relative expressions, and day-month expressions without a year, are DROPPED when the document has no
 * publication or capture date: Vigil never invents a date. Parsing: chrono-node with the language's locale
 * (lang/<xx>/dates.json names it: en now, ru and ar packs ready); chrono only sees sentences that pass a cue filter.
 */
import * as chrono from 'chrono-node';
import type { Stage } from '../stage.js';
import type { DateValue, Doc, MentionOf } from '../../model/document.js';
import { packFor } from '../lang/index.js';

interface DatesData {
  chrono: string;
  cue: string;
  relative: string;
  hasYear: string;
  hasMonth: string;
  week: string;
  month: string;
  yearPeriod: string;
  yearOnly: string;
  absolute?: string;
  monthNumbers?: Record<string, number>;
  residualCue?: string;
  timeOfDay?: string;
  rangeLead?: string;
}
interface DateRules {
  parser: chrono.Chrono;
  cue: RegExp;
  relative: RegExp;
  hasYear: RegExp;
  hasMonth: RegExp;
  week: RegExp;
  month: RegExp;
  yearPeriod: RegExp;
  yearOnly: RegExp;
  absolute: RegExp | null;
  monthNumbers: Record<string, number>;
  residualCue: RegExp;
  timeOfDay: RegExp | null;
  rangeLead: RegExp;
}

const CHRONO: Record<string, chrono.Chrono> = {
  en: chrono.en.casual, ru: chrono.ru.casual, uk: chrono.uk.casual, ar: chrono.ar.casual, fr: chrono.fr.casual,
  es: chrono.es.casual, de: chrono.de.casual, pt: chrono.pt.casual,
};

/** The first day of a range that chrono reads only the end of: "between 3 and 5 May", "3-5 May" (a pack may override). */
const RANGE_LEAD = /(?:(?:between|from)\s+)?(\d{1,2})\s*(?:and|to|-|–|—|until)\s*$/iu;

const cache = new Map<string, DateRules>();
function rules(lang: string | null): DateRules {
  const direct = cache.get(`=${lang}`);
  if (direct) return direct;
  const pack = packFor(lang, 'dates');
  const hit = cache.get(pack.lang);
  if (hit) {
    cache.set(`=${lang}`, hit);
    return hit;
  }
  const d = pack.data as DatesData;
  const r: DateRules = {
    parser: CHRONO[d.chrono] ?? chrono.en.casual,
    cue: new RegExp(d.cue, 'iu'),
    relative: new RegExp(d.relative, 'iu'),
    hasYear: new RegExp(d.hasYear, 'iu'),
    hasMonth: new RegExp(d.hasMonth, 'iu'),
    week: new RegExp(d.week, 'iu'),
    month: new RegExp(d.month, 'iu'),
    yearPeriod: new RegExp(d.yearPeriod, 'iu'),
    yearOnly: new RegExp(d.yearOnly, 'giu'),
    absolute: d.absolute ? new RegExp(d.absolute, 'giu') : null,
    monthNumbers: d.monthNumbers ?? {},
    residualCue: new RegExp(d.residualCue ?? d.cue, 'giu'),
    timeOfDay: d.timeOfDay ? new RegExp(d.timeOfDay, 'giu') : null,
    rangeLead: d.rangeLead ? new RegExp(d.rangeLead, 'iu') : RANGE_LEAD,
  };
  cache.set(pack.lang, r);
  return r;
}

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
function fromUtc(t: number): string {
  const d = new Date(t);
  return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}
const DAY = 86_400_000;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Parse "2020-05-09" or an ISO timestamp into a UTC midnight time; null if not a date. */
export function parseIsoDay(s: string | null | undefined): number | null {
  if (!s) return null;
  const m = /^(\d{4})-(\d\d)-(\d\d)/.exec(s);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isFinite(t) ? t : null;
}

export interface DateHit {
  start: number;
  end: number;
  text: string;
  value: DateValue;
  rule: string;
}

export interface FindDatesOptions {
  lang?: string | null;
  /** Also report bare years ("in 2015"); default true. */
  years?: boolean;
  /** Publication (or capture) date, YYYY-MM-DD: relative expressions resolve against it. */
  reference?: string | null;
}

/** Date expressions in one piece of text (pure). */
export function findDates(text: string, opts: FindDatesOptions = {}): DateHit[] {
  const r = rules(opts.lang ?? 'en');
  if (!r.cue.test(text) && !/(?:19|20)\d\d/.test(text)) return [];
  const ref = parseIsoDay(opts.reference);
  const refDate = ref !== null ? new Date(ref + 12 * 3600_000) : undefined;
  const out: DateHit[] = [];
  const parsed = maskTimeOfDay(text, r);
  const results = r.cue.test(text) ? r.parser.parse(parsed, refDate ?? new Date(Date.UTC(2000, 0, 1, 12)), { forwardDate: false }) : [];
  for (const res of results) {
    const s = res.start;
    const t = res.text;
    const hasYear = r.hasYear.test(t) || s.isCertain('year');
    const hasMonth = r.hasMonth.test(t);
    const relative = !hasMonth && r.relative.test(t);
    if (!s.isCertain('day') && !s.isCertain('weekday') && !s.isCertain('month') && !relative) continue; // times only ("at 3 pm")
    // without a reference we cannot place "yesterday" or "9 May" in time: never invent
    if (ref === null && (relative || !hasYear)) continue;
    let y = s.get('year')!;
    let mo = s.get('month')!;
    let d = s.get('day')!;
    let start = Date.UTC(y, mo - 1, d);
    let precision: DateValue['precision'] = 'day';
    let end = start;
    if (relative) {
      // news reports past events: "on Monday" in a report published on a Wednesday is two days before
      if (ref !== null) {
        while (start > ref) start -= 7 * DAY;
        end = start;
      }
      if (r.week.test(t) && ref !== null) {
        const wd = (new Date(ref).getUTCDay() + 6) % 7; // Monday = 0
        const thisMonday = ref - wd * DAY;
        if (/last|past|previous|прошл|الماضي/i.test(t)) { start = thisMonday - 7 * DAY; end = thisMonday - DAY; }
        else { start = thisMonday; end = ref; }
        precision = 'week';
      } else if (r.month.test(t) && ref !== null) {
        const rd = new Date(ref);
        let ry = rd.getUTCFullYear(), rm = rd.getUTCMonth() + 1;
        if (/last|past|previous|прошл|الماضي/i.test(t)) { rm -= 1; if (rm === 0) { rm = 12; ry -= 1; } }
        start = Date.UTC(ry, rm - 1, 1);
        end = Date.UTC(ry, rm - 1, lastDay(ry, rm));
        precision = 'month';
      } else if (r.yearPeriod.test(t) && ref !== null) {
        const ry = new Date(ref).getUTCFullYear() - (/last|past|previous|прошл|الماضي/i.test(t) ? 1 : 0);
        start = Date.UTC(ry, 0, 1);
        end = Date.UTC(ry, 11, 31);
        precision = 'year';
      }
    } else if (!s.isCertain('day')) {
      // "in May 2020": the whole month
      if (!hasYear && ref !== null && Date.UTC(y, mo - 1, 1) > ref) y -= 1;
      start = Date.UTC(y, mo - 1, 1);
      end = Date.UTC(y, mo - 1, lastDay(y, mo));
      precision = 'month';
    } else if (!hasYear && ref !== null && start > ref + DAY) {
      // "9 May" in a report published in January: last year's May
      y -= 1;
      start = Date.UTC(y, mo - 1, d);
      end = start;
    }
    if (res.end && (res.end.isCertain('day') || res.end.isCertain('month'))) {
      const e = res.end;
      const eStart = Date.UTC(e.get('year')!, e.get('month')! - 1, e.isCertain('day') ? e.get('day')! : lastDay(e.get('year')!, e.get('month')!));
      if (eStart > start) {
        end = eStart;
        precision = 'range';
      }
    }
    // "between 3 and 5 May 2020", "3-5 May 2020", "from 3 to 5 May": chrono reads only the second day
    let from = res.index;
    const lead = r.rangeLead.exec(parsed.slice(Math.max(0, res.index - 24), res.index));
    if (lead && s.isCertain('day') && /^\s*(?:on\s+)?\d/.test(t) && Number(lead[1]) < d) {
      start = Date.UTC(y, mo - 1, Number(lead[1]));
      precision = 'range';
      from = res.index - lead[0].length;
    }
    while (from < res.index + t.length && /\s/.test(parsed[from])) from++; // a blanked time-of-day word left spaces
    out.push({ start: from, end: res.index + t.length, text: text.slice(from, res.index + t.length), value: { start: fromUtc(start), end: fromUtc(end), precision, relative }, rule: relative ? 'date:relative' : `date:${precision}` });
  }
  if (opts.years === false) return out;
  yearHits(text, r, out);
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Time-of-day words right before a date are blanked (same length) before chrono reads the text: chrono.ru reads
 * "Вечером 20 февраля" (evening of 20 February) as a clock time "20:00 today" and loses the date, and chrono.ar
 * does the same with "مساء 20 فبراير". The pack's 'timeOfDay' pattern says which words, and only before a date.
 */
export function maskTimeOfDay(text: string, r: Pick<DateRules, 'timeOfDay'>): string {
  if (!r.timeOfDay) return text;
  r.timeOfDay.lastIndex = 0;
  return text.replace(r.timeOfDay, (m) => ' '.repeat(m.length));
}

/** Bare years ("in 2015") that chrono leaves alone; skips those inside other hits. */
function yearHits(text: string, r: DateRules, out: DateHit[]): void {
  r.yearOnly.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = r.yearOnly.exec(text)) !== null) {
    const yi = m.index + m[0].lastIndexOf(m.groups!.year);
    if (out.some((h) => yi >= h.start && yi < h.end)) continue;
    const y = Number(m.groups!.year);
    out.push({ start: yi, end: yi + 4, text: m.groups!.year, value: { start: ymd(y, 1, 1), end: ymd(y, 12, 31), precision: 'year', relative: false }, rule: 'date:year' });
  }
}


/** Fast path: absolute day dates ("9 May 2020", "May 9, 2020", "2020-05-09", "between 3 and 5 May 2020") without chrono. */
export function absoluteDates(text: string, lang: string | null = 'en'): DateHit[] {
  const r = rules(lang);
  const out: DateHit[] = [];
  if (!r.absolute) return out;
  r.absolute.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = r.absolute.exec(text)) !== null) {
    const g = m.groups ?? {};
    let y: number, mo: number, d: number;
    if (g.iy) {
      y = Number(g.iy); mo = Number(g.im); d = Number(g.id);
    } else {
      y = Number(g.y ?? g.y2);
      mo = r.monthNumbers[(g.mon ?? g.mon2).toLowerCase().slice(0, 3)] ?? 0;
      d = Number(g.d ?? g.d2);
    }
    if (!mo || mo > 12 || d < 1 || d > lastDay(y, mo)) continue;
    let start = Date.UTC(y, mo - 1, d);
    let from = m.index;
    let precision: DateValue['precision'] = 'day';
    const lead = g.d ? r.rangeLead.exec(text.slice(Math.max(0, m.index - 24), m.index)) : null;
    if (lead && Number(lead[1]) < d) {
      start = Date.UTC(y, mo - 1, Number(lead[1]));
      from = m.index - lead[0].length;
      precision = 'range';
    }
    const end = m.index + m[0].length;
    out.push({ start: from, end, text: text.slice(from, end), value: { start: fromUtc(start), end: ymd(y, mo, d), precision, relative: false }, rule: `date:${precision}` });
  }
  return out;
}

/** chrono costs time per character: hand it only windows around date cues (merged when they overlap). */
const WINDOW = 40;
export function cueWindows(text: string, lang: string | null): [number, number][] {
  const r = rules(lang);
  const re = r.residualCue;
  re.lastIndex = 0;
  const out: [number, number][] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) { re.lastIndex++; continue; }
    let a = Math.max(0, m.index - WINDOW);
    let b = Math.min(text.length, m.index + m[0].length + WINDOW);
    // snap to spaces so words are whole
    while (a > 0 && !/\s/.test(text[a - 1])) a--;
    while (b < text.length && !/\s/.test(text[b])) b++;
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** How far into a document a dateline ("Published 3 March 2017", "Khartoum, 12 March 2019 –") may stand, in characters. */
const DATELINE_WINDOW = 400;

/**
 * The day relative dates ("on Thursday", "yesterday") count from: the publication date, else the report's own
 * dateline (a full date near its top). Never the capture time: a report written in 2017 and ingested today must not
 * have its "yesterday" resolved to this week; such an event stays undated, bounded by the capture date (notAfter).
 */
export function referenceDate(doc: Doc): string | null {
  if (doc.published) return doc.published;
  const head = doc.text.slice(0, DATELINE_WINDOW);
  const dateline = absoluteDates(head, doc.language).find((h) => h.value.precision === 'day');
  return dateline?.value.start ?? null;
}

export function dateMentions(doc: Doc): MentionOf<'date'>[] {
  const reference = referenceDate(doc);
  const r = rules(doc.language);
  const out: MentionOf<'date'>[] = [];
  for (const s of doc.sentences) {
    let text = doc.text.slice(s.start, s.end);
    const hits = absoluteDates(text, doc.language);
    // blank what the fast path read, then hand chrono only windows around what is left
    for (const h of hits) text = text.slice(0, h.start) + ' '.repeat(h.end - h.start) + text.slice(h.end);
    // (cueWindows finds no window in a sentence without a residual cue: no separate test first)
    for (const [a, b] of cueWindows(text, doc.language)) {
      for (const h of findDates(text.slice(a, b), { lang: doc.language, reference, years: false })) hits.push({ ...h, start: a + h.start, end: a + h.end });
    }
    if (/(?:19|20)\d\d/.test(text)) yearHits(text, r, hits);
    hits.sort((a, b) => a.start - b.start);
    for (const h of hits) {
      out.push({ kind: 'date', start: s.start + h.start, end: s.start + h.end, text: h.text, rule: h.rule, sentence: s.index, value: h.value });
    }
  }
  return out;
}

export const datesStage: Stage = {
  name: '44-dates',
  reads: ['text', 'sentences', 'language', 'published', 'captured'],
  adds: ['mentions:date'],
  run: (doc) => ({ ...doc, mentions: [...doc.mentions, ...dateMentions(doc)] }),
};

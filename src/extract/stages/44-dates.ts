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
import { spend } from '../budget.js';
import * as chrono from 'chrono-node';
import type { Stage } from '../stage.js';
import type { DateValue, Doc, MentionOf } from '../../model/document.js';
import { packFor } from '../lang/index.js';
import { pick, plainTwin, safeTest, twin, type Twin } from '../lang/regex-twin.js';

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
  /** Relative day words read without chrono: days before the reference ("أمس" -1, "أول أمس" -2, "last night" -1, "عاجل" 0). */
  relativeDays?: { pattern: string; days: number }[];
  /** Labels of a report's own date ("Published", "نشر في", "Опубликовано"): a date after one is the report's. */
  reportDateLabel?: string;
  /** Expressions chrono reads as a day but that name none ("قبل أيام" some days ago): dropped. */
  vague?: string;
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
  relativeDays: { re: RegExp; days: number }[];
  reportDateLabel: RegExp | null;
  vague: RegExp | null;
  /** The same rules with each pattern's non-`u` twin (lang/regex-twin.ts), for texts that pass `safe`. */
  plain: DateRules;
  safe: (text: string) => boolean;
}

const CHRONO: Record<string, chrono.Chrono> = {
  en: chrono.en.casual, ru: chrono.ru.casual, uk: chrono.uk.casual, ar: chrono.ar.casual, fr: chrono.fr.casual,
  es: chrono.es.casual, de: chrono.de.casual, pt: chrono.pt.casual,
};

/** The first day of a range that chrono reads only the end of: "between 3 and 5 May", "3-5 May" (a pack may override). */
const RANGE_LEAD = String.raw`(?:(?:between|from)\s+)?(\d{1,2})\s*(?:and|to|-|–|—|until)\s*$`;

/**
 * The same chrono parsers with each parser's pattern swapped for its non-`u` twin (lang/regex-twin.ts), for texts that
 * passed the rules' safe test: chrono.ar writes its patterns with `iu`, and scanning cue windows with them was most of
 * the time of Arabic date finding. A pattern whose twin would need a text check the rules' test does not make (an
 * `unsafe` code unit outside `allowed`) keeps its `u` form. Matches and groups are the same, so are the results.
 */
function plainChrono(base: chrono.Chrono, allowed: ReadonlySet<number>): chrono.Chrono {
  // by pattern object (most parsers keep theirs), else by source (a few build a new RegExp per call)
  const byObject = new WeakMap<RegExp, RegExp>();
  const bySource = new Map<string, RegExp>();
  const plainOf = (re: RegExp): RegExp => {
    let t = byObject.get(re);
    if (t) return t;
    const key = `${re.flags}/${re.source}`;
    t = bySource.get(key);
    if (!t) {
      const p = plainTwin(re.source, re.flags);
      bySource.set(key, (t = p && p.unsafe.every((c) => allowed.has(c)) ? p.re : re));
    }
    byObject.set(re, t);
    return t;
  };
  const parsers = base.parsers.map((p): chrono.Parser => ({
    pattern: (context) => plainOf(p.pattern(context)),
    extract: (context, match) => p.extract(context, match),
  }));
  return new chrono.Chrono({ parsers, refiners: [...base.refiners] });
}

const cache = new Map<string, DateRules>();
/** The date rules for a language (the `u` patterns; `.plain` holds their twins). */
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
  const twins: Twin[] = [];
  const t = (source: string, flags: string): Twin => {
    const x = twin(source, flags);
    twins.push(x);
    return x;
  };
  const p = {
    cue: t(d.cue, 'iu'),
    relative: t(d.relative, 'iu'),
    hasYear: t(d.hasYear, 'iu'),
    hasMonth: t(d.hasMonth, 'iu'),
    week: t(d.week, 'iu'),
    month: t(d.month, 'iu'),
    yearPeriod: t(d.yearPeriod, 'iu'),
    yearOnly: t(d.yearOnly, 'giu'),
    absolute: d.absolute ? t(d.absolute, 'giu') : null,
    residualCue: t(d.residualCue ?? d.cue, 'giu'),
    timeOfDay: d.timeOfDay ? t(d.timeOfDay, 'giu') : null,
    rangeLead: t(d.rangeLead ?? RANGE_LEAD, 'iu'),
    relativeDays: (d.relativeDays ?? []).map((x) => ({ tw: t(x.pattern, 'giu'), days: x.days })),
    reportDateLabel: d.reportDateLabel ? t(d.reportDateLabel, 'iu') : null,
    vague: d.vague ? t(d.vague, 'iu') : null,
  };
  const safe = safeTest(twins);
  const parser = CHRONO[d.chrono] ?? chrono.en.casual;
  const twinParser = plainChrono(parser, new Set(twins.flatMap((x) => x.unsafe)));
  const variant = (plain: boolean): DateRules => ({
    parser: plain ? twinParser : parser,
    cue: pick(p.cue, plain),
    relative: pick(p.relative, plain),
    hasYear: pick(p.hasYear, plain),
    hasMonth: pick(p.hasMonth, plain),
    week: pick(p.week, plain),
    month: pick(p.month, plain),
    yearPeriod: pick(p.yearPeriod, plain),
    yearOnly: pick(p.yearOnly, plain),
    absolute: p.absolute ? pick(p.absolute, plain) : null,
    monthNumbers: d.monthNumbers ?? {},
    residualCue: pick(p.residualCue, plain),
    timeOfDay: p.timeOfDay ? pick(p.timeOfDay, plain) : null,
    rangeLead: pick(p.rangeLead, plain),
    relativeDays: p.relativeDays.map((x) => ({ re: pick(x.tw, plain), days: x.days })),
    reportDateLabel: p.reportDateLabel ? pick(p.reportDateLabel, plain) : null,
    vague: p.vague ? pick(p.vague, plain) : null,
    safe,
  }) as DateRules;
  const r = variant(false);
  r.plain = variant(true);
  r.plain.plain = r.plain;
  cache.set(pack.lang, r);
  return r;
}
/** The rules to run on `text` (and on parts of it): the twins when the text allows them. */
function rulesFor(lang: string | null, text: string): DateRules {
  const r = rules(lang);
  return r.safe(text) ? r.plain : r;
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
  return findDatesWith(text, rulesFor(opts.lang ?? 'en', text), opts);
}
function findDatesWith(text: string, r: DateRules, opts: FindDatesOptions): DateHit[] {
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
    // without a reference we cannot place "yesterday", "hours ago" or "9 May" in time: never invent (chrono certifies
    // the year of what it computes from its own reference, so only a year written in the text counts here)
    if (ref === null && (relative || !r.hasYear.test(t))) continue;
    if (r.vague?.test(t)) continue;
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
  return absoluteWith(text, rulesFor(lang, text));
}
function absoluteWith(text: string, r: DateRules): DateHit[] {
  const out: DateHit[] = [];
  if (!r.absolute) return out;
  r.absolute.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = r.absolute.exec(text)) !== null) {
    const g = m.groups ?? {};
    let y: number, mo: number, d: number;
    if (g.iy) {
      y = Number(g.iy); mo = Number(g.im); d = Number(g.id);
    } else if (g.jy) {
      // year first: "2022/09/29"
      y = Number(g.jy); mo = Number(g.jm); d = Number(g.jd);
    } else {
      y = Number(g.y ?? g.y2);
      const word = (g.mon ?? g.mon2).toLowerCase();
      // full words first (Arabic month names share their first letters: كانون الأول / كانون الثاني), then 3 letters
      mo = r.monthNumbers[word.replace(/\s+/g, ' ')] ?? r.monthNumbers[word.slice(0, 3)] ?? 0;
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
  return cueWindowsWith(text, rulesFor(lang, text));
}
function cueWindowsWith(text: string, r: DateRules): [number, number][] {
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

/**
 * findDates over one cue window, remembered: chrono is most of this stage's time and the same windows recur ("... on
 * Monday", "yesterday" headlines, reports quoted by several sources). A pure function of the window, the reference
 * and the rules; bounded (emptied when full).
 */
const WINDOW_MEMO_MAX = 4096;
const windowMemo = new Map<DateRules, Map<string, DateHit[]>>();
function windowDates(window: string, r: DateRules, reference: string | null): DateHit[] {
  let memo = windowMemo.get(r);
  if (!memo) windowMemo.set(r, (memo = new Map()));
  const key = `${reference ?? ''}|${window}`;
  let hits = memo.get(key);
  if (!hits) {
    if (memo.size >= WINDOW_MEMO_MAX) memo.clear();
    memo.set(key, (hits = findDatesWith(window, r, { reference, years: false })));
  }
  return hits;
}

/** How far into a document a dateline ("Published 3 March 2017", "Khartoum, 12 March 2019 –") may stand, in characters. */
const DATELINE_WINDOW = 400;
/** How far after a report-date label ("نشر في", "Published") its date may start, in characters. */
const LABEL_REACH = 40;

export interface ReportDate {
  /** YYYY-MM-DD */
  date: string;
  /** 'published' (given by the caller), 'date:post-timestamp' (printed by the platform), 'date:labelled' ("نشر في 23
   *  نوفمبر,2025"), 'date:dateline' (the first full date near the top). */
  rule: string;
  /** Where the text says it (absent for 'published'), and its words (a post timestamp is blanked from Doc.text as
   *  chrome: its words are kept here). */
  start?: number;
  end?: number;
  text?: string;
}

/** Full day dates (with a year) in a piece of text, in the document's language and in English (a page's interface
 * and datelines are often English around an Arabic report: "7 March، 2022"). */
function fullDates(text: string, lang: string | null): DateHit[] {
  const hits = absoluteWith(text, rulesFor(lang, text));
  if (lang !== 'en') for (const h of absoluteWith(text, rulesFor('en', text))) if (!hits.some((x) => h.start < x.end && h.end > x.start)) hits.push(h);
  return hits.filter((h) => h.value.precision === 'day').sort((a, b) => a.start - b.start);
}

/**
 * A report's own date, when the caller gives none: the post timestamp its platform printed (10-normalize read it from
 * the capture's chrome; an embedded post's signature "— Name (@handle) September 7, 2021" when the page shows no other), else a date after a label ("نشر في 23 نوفمبر,2025", "Published: 3 March 2017"), else the first
 * full date near the top (a dateline: "27/06/2022", "BEIRUT, 4 March 2017 –"). Never the capture time: a report written in
 * 2017 and ingested today must not have its "yesterday" resolved to this week. Null when the text gives none.
 */
export function reportDate(doc: Doc): ReportDate | null {
  if (doc.published) return { date: doc.published.slice(0, 10), rule: 'published' };
  // the page's own post, else the first post it shows (a thread's first post, a post embedded in an article)
  const ts = doc.capture?.timestamps.find((t) => t.main) ?? doc.capture?.timestamps[0] ?? null;
  if (ts) return { date: ts.date, rule: 'date:post-timestamp', start: ts.start, end: ts.end, text: ts.text };
  const r = rulesFor(doc.language, doc.text);
  const labels = [r.reportDateLabel, doc.language !== 'en' ? rulesFor('en', doc.text).reportDateLabel : null];
  for (const label of labels) {
    if (!label) continue;
    const m = label.exec(doc.text);
    if (!m) continue;
    const from = m.index + m[0].length;
    const h = fullDates(doc.text.slice(from, from + LABEL_REACH + 40), doc.language).find((x) => x.start <= LABEL_REACH);
    if (h) return { date: h.value.start, rule: 'date:labelled', start: from + h.start, end: from + h.end, text: h.text };
  }
  const head = doc.text.slice(0, DATELINE_WINDOW);
  const dateline = fullDates(head, doc.language)[0];
  return dateline ? { date: dateline.value.start, rule: 'date:dateline', start: dateline.start, end: dateline.end, text: dateline.text } : null;
}

/** The day relative dates ("on Thursday", "yesterday") count from: the report's own date (reportDate). */
export function referenceDate(doc: Doc): string | null {
  if (doc.reportDate !== undefined) return doc.reportDate?.date ?? null;
  return reportDate(doc)?.date ?? null;
}

/** Relative day words ("أمس", "مساء أمس", "أول أمس", "last night", "قبل قليل") read without chrono, against the reference. */
function relativeDayHits(text: string, r: DateRules, reference: string | null, taken: DateHit[]): DateHit[] {
  const ref = parseIsoDay(reference);
  if (ref === null || !r.relativeDays.length) return [];
  const out: DateHit[] = [];
  for (const rule of r.relativeDays) {
    rule.re.lastIndex = 0;
    for (const m of text.matchAll(rule.re)) {
      if (!m[0].trim()) continue;
      const start = m.index! + (m[0].length - m[0].trimStart().length);
      const end = m.index! + m[0].trimEnd().length;
      if ([...taken, ...out].some((h) => start < h.end && end > h.start)) continue;
      const day = fromUtc(ref + rule.days * DAY);
      out.push({ start, end, text: text.slice(start, end), value: { start: day, end: day, precision: 'day', relative: true }, rule: 'date:relative' });
    }
  }
  return out;
}

export function dateMentions(doc: Doc): MentionOf<'date'>[] {
  const reference = referenceDate(doc);
  // one check of the whole text lets every sentence (and window) use the faster twins
  const r = rulesFor(doc.language, doc.text);
  const out: MentionOf<'date'>[] = [];
  for (const s of doc.sentences) {
    spend(1 + ((s.end - s.start) >> 6)); // budget: about one unit per 64 characters
    let text = doc.text.slice(s.start, s.end);
    const hits = absoluteWith(text, r);
    hits.push(...relativeDayHits(text, r, reference, hits));
    // blank what the fast path read, then hand chrono only windows around what is left
    for (const h of hits) text = text.slice(0, h.start) + ' '.repeat(h.end - h.start) + text.slice(h.end);
    // (cueWindows finds no window in a sentence without a residual cue: no separate test first)
    for (const [a, b] of cueWindowsWith(text, r)) {
      for (const h of windowDates(text.slice(a, b), r, reference)) hits.push({ ...h, start: a + h.start, end: a + h.end, value: { ...h.value } });
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
  reads: ['text', 'sentences', 'language', 'published', 'captured', 'capture'],
  adds: ['mentions:date', 'reportDate'],
  run: (doc) => {
    const withDate = { ...doc, reportDate: reportDate(doc) };
    return { ...withDate, mentions: [...doc.mentions, ...dateMentions(withDate)] };
  },
};

/**
 * Captured pages (a Facebook, X, Telegram or Instagram post, a news page saved as text) carry the platform's chrome
 * around the report: "PostLog inSign upPost", "Abo HamzaSeptember 19, 2025 · Shared with Public", view and like
 * counters, login banners, "related articles" lists, and a comment thread under the post. cleanCapture() blanks that
 * chrome with spaces (same length: every offset into the cleaned text is still an offset into the capture, so
 * evidence spans point into the original), keeps the comment thread apart (its spans, not read as the report), reads
 * the post's own timestamp, and says when the capture holds no report at all (a login wall, "This content isn't
 * available right now"). The patterns are data: lang/<iso>/capture.json (all packs apply: a page in Arabic has an
 * English interface).
 */
import { langData, SUPPORTED_LANGUAGES } from '../lang/index.js';

export interface CaptureTimestamp {
  start: number;
  end: number;
  text: string;
  /** YYYY-MM-DD as the platform printed it. */
  date: string;
  /** The date of the post the page is about (not of another post in its thread). */
  main: boolean;
}

export interface CaptureInfo {
  /** 'report': a report is left once chrome is removed; 'no-report': the capture holds none (no event is read). */
  status: 'report' | 'no-report';
  /** Why there is no report: 'unavailable' (deleted or hidden post, page not found), 'login-wall', 'empty'. */
  reason?: string;
  /** Notices seen (a notice beside a post's own text does not make it a no-report capture). */
  notices: string[];
  /** Spans blanked as chrome (offsets into the text, which are offsets into the capture). */
  chrome: { start: number; end: number }[];
  /** Comment threads under the post: kept apart, not read as the report. */
  comments: { start: number; end: number }[];
  /** Post timestamps printed by the platform, in text order. */
  timestamps: CaptureTimestamp[];
}

interface CaptureData {
  notices?: { reason: string; pattern: string }[];
  inline?: string[];
  timestamps?: { main: boolean; pattern: string }[];
  authorBefore?: string;
  authorBeforeHandle?: string;
  handle?: string;
  headerEnd?: string[];
  commentsStart?: string[];
  commentsEnd?: string[];
  tailHeadings?: string[];
  tailLineMaxChars?: number;
  months?: Record<string, number>;
}

interface Rules {
  notices: { reason: string; re: RegExp }[];
  inline: RegExp | null;
  timestamps: { main: boolean; re: RegExp }[];
  authorBefore: RegExp | null;
  authorBeforeHandle: RegExp | null;
  handle: RegExp | null;
  headerEnd: RegExp | null;
  commentsStart: RegExp | null;
  commentsEnd: RegExp | null;
  tail: RegExp | null;
  tailLineMaxChars: number;
  months: Record<string, number>;
  /** Cheap test: can any rule match at all? (most plain reports have no chrome). */
  any: RegExp;
}

const alt = (xs: string[]): string | null => (xs.length ? xs.map((x) => `(?:${x})`).join('|') : null);
const compile = (src: string | null, flags = 'gimu'): RegExp | null => (src ? new RegExp(src, flags) : null);

let cached: Rules | undefined;
function rules(): Rules {
  if (cached) return cached;
  const packs = SUPPORTED_LANGUAGES.map((l) => langData<CaptureData>(l, 'capture')).filter((p): p is CaptureData => !!p);
  const notices = packs.flatMap((p) => (p.notices ?? []).map((n) => ({ reason: n.reason, re: new RegExp(n.pattern, 'gimu') })));
  const inline = alt(packs.flatMap((p) => p.inline ?? []));
  const timestamps = packs.flatMap((p) => (p.timestamps ?? []).map((t) => ({ main: t.main, re: new RegExp(t.pattern, 'gimu') })));
  const authors = alt(packs.flatMap((p) => (p.authorBefore ? [p.authorBefore] : [])));
  const authorsOfHandles = alt(packs.flatMap((p) => (p.authorBeforeHandle ? [p.authorBeforeHandle] : [])));
  const handles = alt(packs.flatMap((p) => (p.handle ? [p.handle] : [])));
  const headers = alt(packs.flatMap((p) => p.headerEnd ?? []));
  const cs = alt(packs.flatMap((p) => p.commentsStart ?? []));
  const ce = alt(packs.flatMap((p) => p.commentsEnd ?? []));
  const tails = alt(packs.flatMap((p) => p.tailHeadings ?? []));
  const months: Record<string, number> = {};
  for (const p of packs) Object.assign(months, p.months ?? {});
  const every = [...notices.map((n) => n.re.source), inline, ...timestamps.map((t) => t.re.source), cs, tails, TRUNCATED_END].filter((s): s is string => !!s);
  cached = {
    notices,
    inline: compile(inline),
    timestamps,
    authorBefore: compile(authors),
    authorBeforeHandle: compile(authorsOfHandles),
    handle: compile(handles, 'gmu'), // case-sensitive: a handle glued to an English word ends before its capital
    headerEnd: compile(headers, 'imu'),
    commentsStart: compile(cs),
    commentsEnd: compile(ce),
    tail: tails ? new RegExp(`^\\s*(?:${tails})\\s*$`, 'iu') : null,
    tailLineMaxChars: Math.max(0, ...packs.map((p) => p.tailLineMaxChars ?? 0)) || 200,
    months,
    // named groups repeat across patterns: the union test does not need them
    any: new RegExp(every.map((s) => `(?:${s.replace(/\(\?<(?![=!])[A-Za-z]\w*>/g, '(?:')})`).join('|'), 'imu'),
  };
  return cached;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A run of blanked characters (same length) over [start, end) of `chars`. */
function blank(chars: string[], start: number, end: number): void {
  for (let i = start; i < end; i++) if (chars[i] !== '\n') chars[i] = ' ';
}

/** Letters (any script) left in the text: how much report there is. */
function letters(s: string): number {
  let n = 0;
  for (const _ of s.matchAll(/\p{L}/gu)) n++;
  return n;
}

/** How a truncated copy of the post ends: an ellipsis closing its paragraph. */
const TRUNCATED_END = String.raw`(?:\.{3,}|…)\s*\n\n`;
/** A truncated copy of the post ("...") shorter than this is not taken for one. */
const TRUNCATED_MIN_CHARS = 30;

/** A page title ending this far into the capture is its header (a truncated copy of the post). */
const HEADER_MAX_CHARS = 400;

/** A no-report notice with less post text than this beside it: the capture holds no report. */
const NO_REPORT_MAX_LETTERS = 10;

export interface CleanCaptureResult {
  text: string;
  capture: CaptureInfo | null;
}

/**
 * Blank the chrome of a captured page. Returns the text unchanged and `capture: null` when no chrome rule matches
 * (a plain report).
 */
export function cleanCapture(text: string): CleanCaptureResult {
  const r = rules();
  if (!r.any.test(text)) return { text, capture: null };
  const chars = text.split(''); // UTF-16 code units: blanking one keeps every offset
  const chrome: { start: number; end: number }[] = [];
  const mark = (start: number, end: number): void => {
    if (end <= start) return;
    chrome.push({ start, end });
    blank(chars, start, end);
  };
  const notices: string[] = [];
  // Pass 1, on the capture as delivered (later rules need the chrome they key on: an author before "· Shared with").
  for (const n of r.notices) {
    n.re.lastIndex = 0;
    for (const m of text.matchAll(n.re)) {
      if (!m[0]) continue;
      notices.push(n.reason);
      mark(m.index!, m.index! + m[0].length);
    }
  }
  const timestamps: CaptureTimestamp[] = [];
  for (const t of r.timestamps) {
    for (const m of text.matchAll(t.re)) {
      const g = m.groups ?? {};
      const mo = r.months[(g.mon ?? '').toLowerCase().slice(0, 3)] ?? 0;
      const d = Number(g.d);
      const y = Number(g.y);
      if (!mo || !(d >= 1 && d <= 31) || !y) continue;
      const start = m.index!;
      const end = start + m[0].length;
      if (timestamps.some((x) => start < x.end && end > x.start)) continue;
      timestamps.push({ start, end, text: m[0], date: `${y}-${pad(mo)}-${pad(d)}`, main: t.main });
    }
  }
  timestamps.sort((a, b) => a.start - b.start);
  if (r.authorBefore) for (const m of text.matchAll(r.authorBefore)) if (m[0]) mark(m.index!, m.index! + m[0].length);
  if (r.headerEnd) {
    const h = r.headerEnd.exec(text);
    if (h && h.index + h[0].length <= HEADER_MAX_CHARS) mark(0, h.index + h[0].length);
  }
  for (const t of timestamps) mark(t.start, t.end);
  if (r.inline) for (const m of text.matchAll(r.inline)) if (m[0]) mark(m.index!, m.index! + m[0].length);

  // Pass 2, on the blanked text: an X author name now stands alone before its handle ("سوريا 24 | SY24@Sy24ria").
  let cur = chars.join('');
  if (r.authorBeforeHandle) for (const m of cur.matchAll(r.authorBeforeHandle)) if (m[0]) mark(m.index!, m.index! + m[0].length);
  if (r.handle) for (const m of cur.matchAll(r.handle)) if (m[0]) mark(m.index!, m.index! + m[0].length);

  // Comment threads: from a start marker to an end marker or the end of the text. On X, the replies follow the main
  // post's timestamp ("8:04 PM · Nov 23, 2024 1K Views").
  const comments: { start: number; end: number }[] = [];
  const thread = (from: number, markerEnd: number): void => {
    let end = cur.length;
    if (r.commentsEnd) {
      r.commentsEnd.lastIndex = markerEnd;
      const e = r.commentsEnd.exec(cur);
      if (e) end = e.index;
    }
    mark(from, markerEnd);
    if (cur.slice(markerEnd, end).trim()) comments.push({ start: markerEnd, end });
    blank(chars, markerEnd, end);
  };
  const mainX = timestamps.find((t) => t.main && /\d:\d\d\s?[ap]m\s?·/i.test(t.text));
  if (r.commentsStart) {
    r.commentsStart.lastIndex = 0;
    const m = r.commentsStart.exec(cur);
    if (m && m[0]) thread(m.index, m.index + m[0].length);
  }
  cur = chars.join('');
  if (mainX && cur.slice(mainX.end).trim()) {
    // the replies, unless what follows is a notice about a quoted post ("This Post is unavailable") already blanked
    thread(mainX.end, mainX.end);
    cur = chars.join('');
  }

  // A page title that is a truncated copy of the post below it ("7 شهداء من المدنيين ... بريف إدلب...." then the
  // post in full): blanked, so the report is read once.
  {
    const para = /(?:^|\n\n)([^\n][\s\S]*?)(?=\n\n|$)/g;
    for (const m of cur.matchAll(para)) {
      const body = m[1]!;
      const stem = body.replace(/\s*(?:\.{3,}|…)\s*$/u, '');
      if (stem === body || stem.trim().length < TRUNCATED_MIN_CHARS) continue;
      const start = m.index! + m[0].length - body.length;
      if (cur.indexOf(stem.trim(), start + body.length) > 0) mark(start, start + body.length);
    }
    cur = chars.join('');
  }

  // "Related articles" and tag lists: the heading and the short lines under it.
  if (r.tail) {
    let pos = 0;
    let inTail = false;
    for (const line of cur.split('\n')) {
      const start = pos;
      pos += line.length + 1;
      const t = line.trim();
      if (!t) continue;
      if (r.tail.test(t)) {
        inTail = true;
        mark(start, start + line.length);
        continue;
      }
      if (inTail) {
        if (t.length <= r.tailLineMaxChars) mark(start, start + line.length);
        else inTail = false;
      }
    }
    cur = chars.join('');
  }

  if (!chrome.length && !comments.length && !timestamps.length && !notices.length) return { text, capture: null };
  const left = letters(cur);
  let status: CaptureInfo['status'] = 'report';
  let reason: string | undefined;
  if (notices.length && left < NO_REPORT_MAX_LETTERS) {
    status = 'no-report';
    reason = notices.includes('unavailable') ? 'unavailable' : notices[0];
  } else if (left === 0) {
    status = 'no-report';
    reason = 'empty';
  }
  return { text: cur, capture: { status, ...(reason ? { reason } : {}), notices: [...new Set(notices)], chrome: merge(chrome), comments, timestamps } };
}

function merge(spans: { start: number; end: number }[]): { start: number; end: number }[] {
  const s = [...spans].sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const x of s) {
    const last = out[out.length - 1];
    if (last && x.start <= last.end) last.end = Math.max(last.end, x.end);
    else out.push({ ...x });
  }
  return out;
}

/** The date the post was published, as the platform printed it: the main post's timestamp, else the first one. */
export function postDate(capture: CaptureInfo | null | undefined): CaptureTimestamp | null {
  if (!capture?.timestamps.length) return null;
  return capture.timestamps.find((t) => t.main) ?? null;
}

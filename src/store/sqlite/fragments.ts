/** SQLite-specific SQL fragments: FTS5 text match, R*Tree bounding box, date buckets. */
import { searchWords, type Fragment } from '../dialect.js';

function ftsQuery(text: string): string | null {
  const words = searchWords(text);
  if (words.length === 0) return null;
  // Every word must occur; each is an FTS5 string (double quotes doubled), so no FTS syntax leaks in.
  return words.map((w) => `"${w.replace(/"/g, '""')}"`).join(' ');
}

/**
 * Row check for text: the words of `text` are all tokens of the event's body, folded like FTS5's
 * unicode61 tokenizer with remove_diacritics (see vigilWords). Used when a word is too common for the
 * FTS5 index to drive the query; per-row FTS5 probes would be slower.
 */
export function sqliteTextMatch(alias: string, text: string): Fragment | null {
  const words = searchWords(text);
  if (words.length === 0) return null;
  return { sql: `vigil_words(${alias}.body, ?) = 1`, params: [words.join(' ')] };
}

/** Case and accents folded like FTS5's unicode61 tokenizer with remove_diacritics (the terms of its vocabulary). */
export const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
const WORD_CHAR = /[\p{L}\p{N}]/u;
const ASCII = /^[\x00-\x7f]*$/;

/** `w` occurs in `hay` as a whole token (no letter or digit on either side). */
function hasToken(hay: string, w: string): boolean {
  for (let i = hay.indexOf(w); i >= 0; i = hay.indexOf(w, i + 1)) {
    const before = i > 0 ? hay[i - 1] : '';
    const after = hay[i + w.length] ?? '';
    if ((before === '' || !WORD_CHAR.test(before)) && (after === '' || !WORD_CHAR.test(after))) return true;
  }
  return false;
}

/**
 * SQL function vigil_words(body, words): 1 when every space-separated word is a token of body. Runs once
 * per scanned row, so it searches the folded body for each word instead of splitting it into tokens, and
 * skips Unicode folding for ASCII bodies (lower case is the whole fold there).
 */
export function vigilWords(body: unknown, words: unknown): number {
  if (typeof body !== 'string' || typeof words !== 'string') return 0;
  const hay = ASCII.test(body) ? body.toLowerCase() : fold(body);
  for (const w of fold(words).split(' ')) if (w && !hasToken(hay, w)) return 0;
  return 1;
}

export function sqliteTextDriver(text: string): Fragment | null {
  const match = ftsQuery(text);
  if (!match) return null;
  return { sql: `SELECT rowid AS id FROM events_fts WHERE events_fts MATCH ?`, params: [match] };
}

export function sqliteBbox(alias: string, [minLon, minLat, maxLon, maxLat]: readonly [number, number, number, number]): Fragment {
  return { sql: `${alias}.lon BETWEEN ? AND ? AND ${alias}.lat BETWEEN ? AND ?`, params: [minLon, maxLon, minLat, maxLat] };
}

/**
 * The R*Tree stores 32-bit floats rounded outwards, so it is asked for overlap; callers keep the exact
 * row check (sqliteBbox) as well.
 */
export function sqliteBboxDriver([minLon, minLat, maxLon, maxLat]: readonly [number, number, number, number]): Fragment {
  return {
    sql: `SELECT id FROM events_rtree WHERE max_lon >= ? AND min_lon <= ? AND max_lat >= ? AND min_lat <= ?`,
    params: [minLon, maxLon, minLat, maxLat],
  };
}

export function sqliteBucket(column: string, bucket: 'day' | 'week' | 'month'): string {
  if (bucket === 'day') return `substr(${column}, 1, 10)`;
  if (bucket === 'month') return `substr(${column}, 1, 7) || '-01'`;
  // Monday of the ISO week: move to the coming Sunday (or stay), then back six days.
  return `date(substr(${column}, 1, 10), 'weekday 0', '-6 days')`;
}

/** Range scan on the column's index: prefix <= x < prefix + U+10FFFF (BINARY collation compares code points). */
export function sqlitePrefix(column: string, prefix: string): Fragment {
  return { sql: `(${column} >= ? AND ${column} < ?)`, params: [prefix, `${prefix}\u{10FFFF}`] };
}

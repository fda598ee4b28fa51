/** SQLite-specific SQL fragments: FTS5 text match, R*Tree bounding box, date buckets. */
import { searchWords, type Fragment } from '../dialect.js';

/** Every word must occur; each word is an FTS5 string (double quotes doubled), so no FTS syntax leaks in. */
export function sqliteTextMatch(alias: string, text: string): Fragment | null {
  const words = searchWords(text);
  if (words.length === 0) return null;
  const match = words.map((w) => `"${w.replace(/"/g, '""')}"`).join(' ');
  return { sql: `${alias}.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)`, params: [match] };
}

/**
 * The R*Tree stores 32-bit floats rounded outwards, so it is asked for overlap and the exact
 * coordinates are checked again on the events row.
 */
export function sqliteBbox(alias: string, [minLon, minLat, maxLon, maxLat]: readonly [number, number, number, number]): Fragment {
  return {
    sql:
      `${alias}.id IN (SELECT id FROM events_rtree WHERE max_lon >= ? AND min_lon <= ? AND max_lat >= ? AND min_lat <= ?)` +
      ` AND ${alias}.lon BETWEEN ? AND ? AND ${alias}.lat BETWEEN ? AND ?`,
    params: [minLon, maxLon, minLat, maxLat, minLon, maxLon, minLat, maxLat],
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

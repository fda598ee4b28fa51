/** PostgreSQL-specific SQL fragments: tsvector text match, PostGIS bounding box, date buckets. */
import { searchWords, type Fragment } from '../dialect.js';

/** plainto_tsquery ANDs the words and ignores operators, so user text never becomes query syntax. */
export function postgresTextMatch(alias: string, text: string): Fragment | null {
  const words = searchWords(text);
  if (words.length === 0) return null;
  return { sql: `${alias}.tsv @@ plainto_tsquery('simple', ?)`, params: [words.join(' ')] };
}

/** `&&` uses the GiST index on geom; the envelope is in WGS84 like the column. */
export function postgresBbox(alias: string, [minLon, minLat, maxLon, maxLat]: readonly [number, number, number, number]): Fragment {
  return {
    sql: `${alias}.geom && ST_MakeEnvelope(?::float8, ?::float8, ?::float8, ?::float8, 4326)`,
    params: [minLon, minLat, maxLon, maxLat],
  };
}

export function postgresBucket(column: string, bucket: 'day' | 'week' | 'month'): string {
  if (bucket === 'day') return `substr(${column}, 1, 10)`;
  if (bucket === 'month') return `substr(${column}, 1, 7) || '-01'`;
  return `to_char(date_trunc('week', substr(${column}, 1, 10)::date), 'YYYY-MM-DD')`;
}

/** LIKE with the prefix's own % _ \\ escaped (uses the btree index under the C collation that scripts/pg-start.sh sets). */
export function postgresPrefix(column: string, prefix: string): Fragment {
  return { sql: `${column} LIKE ?`, params: [`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`] };
}

/**
 * Helpers shared by the store's CLI commands (ingest, events, incidents, verify, sources, review, db):
 * database URL resolution, the common filter options, and output formats.
 */
import type { Command } from 'commander';
import { loadConfig } from '../config/schema.js';
import { VigilError } from '../errors/catalogue.js';
import { acledCsvAsync, geoJsonChunksAsync, jsonLinesAsync, type ExportRow } from '../export/index.js';
import { openStore } from './index.js';
import type { EventQuery, Grade, Store } from './types.js';

export function dbUrl(opts: { db?: string }): string {
  return opts.db ?? loadConfig().database.url;
}

export async function withStore<T>(opts: { db?: string }, fn: (s: Store) => Promise<T>): Promise<T> {
  const store = await openStore(dbUrl(opts));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export const DB_OPTION_HELP = 'database: SQLite file or postgres:// URL (default: VIGIL_DATABASE_URL or vigil.db)';

export function addFilterOptions(cmd: Command): Command {
  return cmd
    .option('--db <url>', DB_OPTION_HELP)
    .option('--since <date>', 'on or after YYYY-MM-DD (undated events only with --include-undated)')
    .option('--include-undated', 'with --since/--until: also undated events whose publication or capture date is in the window')
    .option('--until <date>', 'on or before YYYY-MM-DD')
    .option('--bbox <minLon,minLat,maxLon,maxLat>', 'bounding box in WGS84 degrees')
    .option('--place <name>', 'place, admin1 or country (prefix, case and accents ignored)')
    .option('--type <type>', 'ACLED event type, sub-event type, or Vigil kind')
    .option('--actor <name>', 'actor name (prefix) or registry id')
    .option('--weapon <name>', 'weapon name (prefix), id or category; "concern" = weapons of humanitarian concern')
    .option('--grade <grades>', 'comma-separated: confirmed,fair,weak,contested,discounted')
    .option('--text <words>', 'full-text search (all words)')
    .option('--limit <n>', 'at most this many rows (table default 50; exports default all)')
    .option('--format <fmt>', 'table | json | jsonl | csv | geojson', 'table');
}

export interface FilterOpts {
  since?: string; until?: string; bbox?: string; place?: string; type?: string; actor?: string; weapon?: string;
  grade?: string; text?: string; limit?: string; format: string; db?: string; includeUndated?: boolean;
}

export function queryFromOpts(o: FilterOpts): EventQuery {
  const q: EventQuery = {};
  if (o.since) q.since = o.since;
  if (o.includeUndated) q.includeUndated = true;
  if (o.until) q.until = o.until;
  if (o.bbox) {
    const b = o.bbox.split(',').map((x) => Number(x.trim()));
    if (b.length !== 4 || b.some((x) => !Number.isFinite(x))) throw new VigilError('VIGIL_ERR_VALIDATION', '--bbox takes minLon,minLat,maxLon,maxLat');
    q.bbox = b as [number, number, number, number];
  }
  if (o.place) q.place = o.place;
  if (o.type) q.type = o.type;
  if (o.actor) q.actor = o.actor;
  if (o.weapon) q.weapon = o.weapon;
  if (o.grade) q.grade = o.grade.split(',').map((g) => g.trim()) as Grade[];
  if (o.text) q.text = o.text;
  return q;
}

export function limitFromOpts(o: FilterOpts): number | undefined {
  if (o.limit === undefined) return undefined;
  const n = Number(o.limit);
  if (!Number.isInteger(n) || n < 1) throw new VigilError('VIGIL_ERR_VALIDATION', '--limit must be a positive integer');
  return n;
}

export const FORMATS = ['table', 'json', 'jsonl', 'csv', 'geojson'] as const;
export type Format = (typeof FORMATS)[number];
export function checkFormat(f: string): Format {
  if (!(FORMATS as readonly string[]).includes(f)) throw new VigilError('VIGIL_ERR_VALIDATION', `--format must be one of ${FORMATS.join(', ')}`);
  return f as Format;
}

async function* take<T>(it: AsyncIterable<T>, n: number | undefined): AsyncIterable<T> {
  if (n === undefined) return yield* it;
  let i = 0;
  for await (const x of it) {
    if (i++ >= n) return;
    yield x;
  }
}

async function* mapAsync<T, U>(it: AsyncIterable<T>, f: (x: T) => U | Promise<U>): AsyncIterable<U> {
  for await (const x of it) yield await f(x);
}

let pipeGuard = false;
function write(s: string): Promise<void> {
  if (!pipeGuard) {
    pipeGuard = true;
    // `vigil events --format csv | head`: a closed pipe ends the export quietly.
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  return new Promise((res) => {
    if (process.stdout.write(s)) res();
    else process.stdout.once('drain', () => res());
  });
}

/** Stream rows in an export format to stdout (json = one array). */
export async function writeExport<T>(format: Exclude<Format, 'table'>, rows: AsyncIterable<T>, toExport: (x: T) => ExportRow | Promise<ExportRow>, limit?: number): Promise<number> {
  let n = 0;
  const counted = mapAsync(take(rows, limit), (x) => { n++; return x; });
  if (format === 'json') {
    await write('[');
    let first = true;
    for await (const r of counted) {
      await write(`${first ? '\n' : ',\n'}${JSON.stringify(r)}`);
      first = false;
    }
    await write(first ? ']\n' : '\n]\n');
    return n;
  }
  const exp = mapAsync(counted, toExport);
  const chunks = format === 'csv' ? acledCsvAsync(exp) : format === 'geojson' ? geoJsonChunksAsync(exp) : jsonLinesAsync(exp);
  for await (const c of chunks) await write(c);
  return n;
}

/** A plain text table; cells are cut to `width` and control characters are shown as spaces. */
export function table(headers: string[], rows: (string | number | null | undefined)[][], width = 40): string {
  const cell = (v: string | number | null | undefined) => {
    // eslint-disable-next-line no-control-regex
    const s = String(v ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ');
    return s.length > width ? `${s.slice(0, width - 1)}…` : s;
  };
  const cells = rows.map((r) => r.map(cell));
  const w = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(w[i])).join('  ').trimEnd();
  return [line(headers), line(w.map((n) => '-'.repeat(n))), ...cells.map(line)].join('\n') + '\n';
}

/**
 * A date range as a coder would write it: "2016" for the whole of 2016 ("In 2016, ..."), "2016-08" for a whole
 * month, "2016-08-01..2016-08-03" for other ranges, "≤2016-08-02" for an undated event bounded by its publication or
 * capture date, "undated" when there is no bound either.
 */
export function dateRangeText(start: string | null | undefined, end?: string | null, notAfter?: string | null): string {
  if (!start) return notAfter ? `≤${notAfter}` : 'undated';
  if (!end || end === start) return start;
  const [y, m, d] = start.split('-');
  const [ey, em, ed] = end.split('-');
  if (y === ey && m === '01' && d === '01' && em === '12' && ed === '31') return y!;
  // Day 0 of the next month is the last day of this one.
  const lastDay = y && m ? new Date(Date.UTC(Number(y), Number(m), 0)).getUTCDate() : 0;
  if (y === ey && m === em && d === '01' && Number(ed) === lastDay) return `${y}-${m}`;
  return `${start}..${end}`;
}

export function rangeText(r: { low: number; best: number; high: number } | null): string {
  if (!r) return '';
  return r.low === r.high ? String(r.best) : `${r.best} (${r.low}-${r.high})`;
}

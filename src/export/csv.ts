/**
 * ACLED-style CSV (ACLED's column names and order), RFC 4180 quoting, and neutralization of
 * spreadsheet formula injection: a text cell starting with = + - @ TAB or CR (e.g. `=HYPERLINK(...)`
 * in a reported place name) is prefixed with an apostrophe so Excel / LibreOffice show it as text.
 * Plain numbers (-12.5) are left alone.
 */
import type { CsvOptions, ExportRow } from './types.js';
import { acledNotes, actorInter, countryInfo, disorderTypeOf, interactionCode, timePrecisionOf } from './rows.js';

export const ACLED_COLUMNS = [
  'event_id_cnty', 'event_date', 'year', 'time_precision', 'disorder_type', 'event_type', 'sub_event_type',
  'actor1', 'assoc_actor_1', 'inter1', 'actor2', 'assoc_actor_2', 'inter2', 'interaction', 'civilian_targeting',
  'iso', 'region', 'country', 'admin1', 'admin2', 'admin3', 'location', 'latitude', 'longitude', 'geo_precision',
  'source', 'source_scale', 'notes', 'fatalities', 'tags', 'timestamp',
] as const;
export type AcledColumn = (typeof ACLED_COLUMNS)[number];

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const num = (v: number | null | undefined, digits?: number): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '' : digits === undefined ? String(v) : String(Number(v.toFixed(digits)));
/** Multi-valued cells (associated actors, sources, tags) use ACLED's "; " separator; a value's own ";" becomes ",". */
const list = (xs: readonly string[] | undefined): string => (xs ?? []).filter(Boolean).map((x) => x.replace(/;/g, ',')).join('; ');

/** One row as ACLED column -> cell text (before quoting). */
export function acledRecord(row: ExportRow): Record<AcledColumn, string> {
  const ci = countryInfo(row.country);
  // ACLED: 0 where there is no actor
  const inter1 = row.inter1 ?? (row.actor1 ? actorInter(row.actor1, row.actor1Category) : 0);
  const inter2 = row.inter2 ?? (row.actor2 ? actorInter(row.actor2, row.actor2Category) : 0);
  const year = row.date && /^\d{4}/.test(row.date) ? row.date.slice(0, 4) : '';
  return {
    event_id_cnty: str(row.id),
    event_date: str(row.date?.slice(0, 10)),
    year,
    time_precision: num(row.timePrecision ?? timePrecisionOf(row.datePrecision, row.date)),
    disorder_type: str(row.disorderType ?? disorderTypeOf(row.eventType, row.subEventType)),
    event_type: str(row.eventType),
    sub_event_type: str(row.subEventType),
    actor1: str(row.actor1),
    assoc_actor_1: list(row.assocActor1),
    inter1: num(inter1),
    actor2: str(row.actor2),
    assoc_actor_2: list(row.assocActor2),
    inter2: num(inter2),
    interaction: num(row.interaction ?? interactionCode(inter1, inter2)),
    civilian_targeting: row.civilianTargeting ? 'Civilian targeting' : '',
    iso: num(row.iso ?? ci?.numeric),
    region: str(row.region ?? ci?.region),
    country: str(ci?.name ?? row.country),
    admin1: str(row.admin1),
    admin2: str(row.admin2),
    admin3: str(row.admin3),
    location: str(row.location),
    latitude: num(row.latitude, 5),
    longitude: num(row.longitude, 5),
    geo_precision: num(row.geoPrecision),
    source: list(row.sources),
    source_scale: str(row.sourceScale),
    notes: str(row.notes || acledNotes(row)),
    fatalities: num(row.fatalities ?? 0),
    tags: list(row.tags),
    timestamp: num(row.timestamp),
  };
}

const NUMBER = /^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** Quote one CSV cell (RFC 4180) and neutralize formulas (default on). */
export function csvCell(value: string, opts: CsvOptions = {}): string {
  let v = value;
  if ((opts.neutralizeFormulas ?? true) && /^[=+\-@\t\r]/.test(v) && !NUMBER.test(v)) v = `'${v}`;
  return NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function acledCsvRow(row: ExportRow, opts: CsvOptions = {}): string {
  const rec = acledRecord(row);
  return ACLED_COLUMNS.map((c) => csvCell(rec[c], opts)).join(',') + (opts.eol ?? '\r\n');
}

function header(opts: CsvOptions): string {
  return ACLED_COLUMNS.join(',') + (opts.eol ?? '\r\n');
}

/** Header, then one chunk per row. */
export function* acledCsv(rows: Iterable<ExportRow>, opts: CsvOptions = {}): Generator<string> {
  if (opts.header ?? true) yield header(opts);
  for (const r of rows) yield acledCsvRow(r, opts);
}

export async function* acledCsvAsync(rows: AsyncIterable<ExportRow> | Iterable<ExportRow>, opts: CsvOptions = {}): AsyncGenerator<string> {
  if (opts.header ?? true) yield header(opts);
  for await (const r of rows) yield acledCsvRow(r, opts);
}

export function toAcledCsv(rows: Iterable<ExportRow>, opts: CsvOptions = {}): string {
  return [...acledCsv(rows, opts)].join('');
}

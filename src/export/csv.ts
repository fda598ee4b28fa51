import type { CsvOptions, ExportRow } from './types.js';
export const ACLED_COLUMNS = ['event_id_cnty', 'event_date', 'year', 'time_precision', 'disorder_type', 'event_type', 'sub_event_type', 'actor1', 'assoc_actor_1', 'inter1', 'actor2', 'assoc_actor_2', 'inter2', 'interaction', 'civilian_targeting', 'iso', 'region', 'country', 'admin1', 'admin2', 'admin3', 'location', 'latitude', 'longitude', 'geo_precision', 'source', 'source_scale', 'notes', 'fatalities', 'tags', 'timestamp'] as const;
/** One row as ACLED column -> cell value (unquoted). */
export function acledRecord(row: ExportRow): Record<(typeof ACLED_COLUMNS)[number], string> { void row; throw new Error('not implemented'); }
/** Quote one CSV cell (RFC 4180) and neutralize formulas. */
export function csvCell(value: string, opts: CsvOptions = {}): string { void value; void opts; throw new Error('not implemented'); }
export function acledCsvRow(row: ExportRow, opts: CsvOptions = {}): string { void row; void opts; throw new Error('not implemented'); }
export function* acledCsv(rows: Iterable<ExportRow>, opts: CsvOptions = {}): Generator<string> { void rows; void opts; throw new Error('not implemented'); }
export async function* acledCsvAsync(rows: AsyncIterable<ExportRow> | Iterable<ExportRow>, opts: CsvOptions = {}): AsyncGenerator<string> { void rows; void opts; throw new Error('not implemented'); }
export function toAcledCsv(rows: Iterable<ExportRow>, opts: CsvOptions = {}): string { return [...acledCsv(rows, opts)].join(''); }

/**
 * Exports (issue #4 item 7): pure, streaming-friendly writers.
 *
 * ```ts
 * for (const chunk of acledCsv(rows)) out.write(chunk);        // header + one line per row
 * for (const chunk of geoJsonChunks(rows)) out.write(chunk);   // RFC 7946 FeatureCollection, streamed
 * for (const chunk of jsonLines(rows)) out.write(chunk);
 * ```
 * Async variants (`…Async`) accept AsyncIterable rows (database cursors).
 */
export type { ExportRow, CsvOptions } from './types.js';
export {
  ACLED_COLUMNS,
  acledCsv,
  acledCsvAsync,
  acledCsvRow,
  acledRecord,
  csvCell,
  toAcledCsv,
} from './csv.js';
export { geoJsonFeature, geoJsonChunks, geoJsonChunksAsync, toGeoJson } from './geojson.js';
export { jsonLines, jsonLinesAsync, toJsonLines } from './jsonl.js';
export { exportRowFromRecord, withAcledFields, acledNotes, acledActorName, sourceScaleOf, interCode, interactionCode, countryInfo, timePrecisionOf, disorderTypeOf } from './rows.js';
export type { RowMeta } from './rows.js';

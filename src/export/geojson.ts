import type { ExportRow } from './types.js';
export function geoJsonFeature(row: ExportRow): object { void row; throw new Error('not implemented'); }
export function* geoJsonChunks(rows: Iterable<ExportRow>): Generator<string> { void rows; throw new Error('not implemented'); }
export async function* geoJsonChunksAsync(rows: AsyncIterable<ExportRow> | Iterable<ExportRow>): AsyncGenerator<string> { void rows; throw new Error('not implemented'); }
export function toGeoJson(rows: Iterable<ExportRow>): string { return [...geoJsonChunks(rows)].join(''); }

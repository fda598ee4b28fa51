import type { ExportRow } from './types.js';
export function* jsonLines(rows: Iterable<ExportRow>): Generator<string> { void rows; throw new Error('not implemented'); }
export async function* jsonLinesAsync(rows: AsyncIterable<ExportRow> | Iterable<ExportRow>): AsyncGenerator<string> { void rows; throw new Error('not implemented'); }
export function toJsonLines(rows: Iterable<ExportRow>): string { return [...jsonLines(rows)].join(''); }

/** JSON Lines: one ExportRow per line, with the ACLED values the CSV derives (JSON.stringify escapes newlines inside values). */
import type { ExportRow } from './types.js';
import { withAcledFields } from './rows.js';

export function* jsonLines(rows: Iterable<ExportRow>): Generator<string> {
  for (const r of rows) yield JSON.stringify(withAcledFields(r)) + '\n';
}

export async function* jsonLinesAsync(rows: AsyncIterable<ExportRow> | Iterable<ExportRow>): AsyncGenerator<string> {
  for await (const r of rows) yield JSON.stringify(withAcledFields(r)) + '\n';
}

export function toJsonLines(rows: Iterable<ExportRow>): string {
  return [...jsonLines(rows)].join('');
}

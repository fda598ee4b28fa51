/** /api/exports/:format: the filtered events as ACLED-style CSV, GeoJSON or JSON Lines, streamed. */
import { Readable } from 'node:stream';
import { z } from 'zod';
import { acledCsvAsync, exportRowFromRecord, geoJsonChunksAsync, jsonLinesAsync, type ExportRow } from '../../export/index.js';
import type { EventRow } from '../../store/types.js';
import type { ServerContext } from '../app.js';
import { EventFilterSchema, toEventQuery } from '../dto.js';
import type { ServerAuthContext } from '../session.js';

/** Most rows in one export; narrow the filters (or use the CLI) for more. */
export const MAX_EXPORT_ROWS = 1_000_000;

const FORMATS = {
  csv: { type: 'text/csv; charset=utf-8', ext: 'csv', write: acledCsvAsync },
  geojson: { type: 'application/geo+json; charset=utf-8', ext: 'geojson', write: geoJsonChunksAsync },
  jsonl: { type: 'application/x-ndjson; charset=utf-8', ext: 'jsonl', write: jsonLinesAsync },
} as const;

export function exportRow(e: EventRow): ExportRow {
  return exportRowFromRecord(e.record, {
    incidentId: e.incidentId === null ? null : String(e.incidentId),
    grade: e.grade,
    sources: e.sourceName ? [e.sourceName] : [],
    sourceKinds: e.sourceKind ? [e.sourceKind] : [],
    updatedAt: e.updatedAt,
  });
}

async function* capped(rows: AsyncIterable<EventRow>, max: number): AsyncGenerator<ExportRow> {
  let n = 0;
  for await (const r of rows) {
    if (++n > max) return;
    yield exportRow(r);
  }
}

export function exportRoutes(ctx: ServerContext): void {
  const { store } = ctx;
  ctx.route({
    method: 'GET',
    url: '/api/exports/:format',
    tag: 'exports',
    summary: `Download the events matching the filters: csv (ACLED columns), geojson (RFC 7946) or jsonl. At most ${MAX_EXPORT_ROWS} rows.`,
    access: 'viewer',
    params: z.object({ format: z.enum(['csv', 'geojson', 'jsonl']) }),
    query: EventFilterSchema,
    produces: Object.values(FORMATS).map((f) => f.type.split(';')[0]),
    async handler({ params, query, reply, auth }) {
      const f = FORMATS[params.format];
      const a = auth as ServerAuthContext;
      await store.appendCustody({ documentId: null, action: 'exported', actor: a.user.name, detail: { format: params.format, filters: query } });
      const stamp = new Date().toISOString().slice(0, 10);
      reply
        .type(f.type)
        .header('content-disposition', `attachment; filename="vigil-events-${stamp}.${f.ext}"`);
      return reply.send(Readable.from(f.write(capped(store.iterateEvents(toEventQuery(query)), MAX_EXPORT_ROWS))));
    },
  });
}

/** /api/exports/:format: the filtered events as ACLED-style CSV, GeoJSON or JSON Lines, streamed. */
import { Readable } from 'node:stream';
import { z } from 'zod';
import { acledCsvAsync, exportRowFromRecord, geoJsonChunksAsync, jsonLinesAsync, type ExportRow } from '../../export/index.js';
import type { EventRow } from '../../store/types.js';
import type { ServerContext } from '../app.js';
import { EventFilterSchema, toEventQuery } from '../dto.js';
import type { ServerAuthContext } from '../session.js';
import { VigilError } from '../../errors/catalogue.js';

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

/** Rows converted between two turns of the event loop: a long export never holds it for more than a slice. */
const ROWS_PER_SLICE = 25;

async function* capped(rows: AsyncIterable<EventRow>, max: number): AsyncGenerator<ExportRow> {
  let n = 0;
  for await (const r of rows) {
    if (++n > max) return;
    // let health checks and other requests run between slices (the rows come from synchronous SQLite pages)
    if (n % ROWS_PER_SLICE === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    yield exportRow(r);
  }
}

export function exportRoutes(ctx: ServerContext): void {
  const { store } = ctx;
  // Exports running now, per user id: each user may run config.server.maxConcurrentExportsPerUser at once.
  const running = new Map<string, number>();
  // Exports streaming now on the whole server, and the ones waiting for a slot (config server.maxConcurrentExports):
  // every streaming export takes a slice of the event loop per turn, so their number bounds a health check's wait.
  let streaming = 0;
  const waiting: (() => void)[] = [];
  const acquire = async (): Promise<void> => {
    if (streaming < ctx.config.server.maxConcurrentExports) {
      streaming++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const releaseSlot = () => {
    const next = waiting.shift();
    if (next) next(); // the slot passes to the next waiting export
    else streaming--;
  };
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
      const limit = ctx.config.server.maxConcurrentExportsPerUser;
      const mine = running.get(a.user.id) ?? 0;
      if (mine >= limit) throw new VigilError('VIGIL_ERR_RATE_LIMITED', `at most ${limit} exports at once per user (config server.maxConcurrentExportsPerUser); wait for one to finish`);
      running.set(a.user.id, mine + 1);
      let released = false;
      let slot = false;
      const release = () => {
        if (released) return;
        released = true;
        const left = (running.get(a.user.id) ?? 1) - 1;
        if (left > 0) running.set(a.user.id, left);
        else running.delete(a.user.id);
        if (slot) releaseSlot();
      };
      // the response is done (sent, failed or the client went away): the slots are free again
      reply.raw.once('close', release);
      await acquire();
      slot = true;
      if (released) {
        // the client went away while waiting
        releaseSlot();
        slot = false;
      }
      await store.appendCustody({ documentId: null, action: 'exported', actor: a.user.name, detail: { format: params.format, filters: query } });
      const stamp = new Date().toISOString().slice(0, 10);
      reply
        .type(f.type)
        .header('content-disposition', `attachment; filename="vigil-events-${stamp}.${f.ext}"`);
      return reply.send(Readable.from(f.write(capped(store.iterateEvents(toEventQuery(query)), MAX_EXPORT_ROWS))));
    },
  });
}

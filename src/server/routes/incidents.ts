/** /api/incidents: grouped reports of one event, with grade, reasons, reports and evidence. */
import { VigilError } from '../../errors/catalogue.js';
import type { DocumentRow } from '../../store/types.js';
import type { ServerContext } from '../app.js';
import { IdParam, IncidentDetailSchema, IncidentListQuery, IncidentSummarySchema, incidentDetail, incidentSummary, page, pageSchema, toIncidentQuery } from '../dto.js';

/** Most reports returned in one incident view (a huge merged incident stays responsive). */
const MAX_REPORTS = 200;

export function incidentRoutes(ctx: ServerContext): void {
  const { store } = ctx;

  ctx.route({
    method: 'GET',
    url: '/api/incidents',
    cacheable: true,
    tag: 'incidents',
    summary: 'Incidents matching the filters (merged ones only with merged=true).',
    access: 'viewer',
    query: IncidentListQuery,
    response: pageSchema(IncidentSummarySchema),
    async handler({ query }) {
      return page(await store.queryIncidents(toIncidentQuery(query)), incidentSummary);
    },
  });

  ctx.route({
    method: 'GET',
    url: '/api/incidents/:id',
    tag: 'incidents',
    summary: 'One incident: member events, every report with its excerpt and evidence spans, grade, reasons, review trail.',
    access: 'viewer',
    params: IdParam,
    response: IncidentDetailSchema,
    async handler({ params }) {
      const inc = await store.getIncident(params.id);
      if (!inc) throw new VigilError('VIGIL_ERR_NOT_FOUND', `incident ${params.id}`);
      inc.events = inc.events.slice(0, MAX_REPORTS);
      const docs = new Map<number, DocumentRow>();
      for (const d of inc.documents ?? []) if (d.text !== undefined) docs.set(d.id, d);
      for (const ev of inc.events) {
        if (docs.has(ev.documentId)) continue;
        const d = await store.getDocument(ev.documentId, { withText: true });
        if (d) docs.set(d.id, d);
      }
      const review = await store.listReviewActions({ targetKind: 'incident', targetId: inc.id, limit: 200 });
      return incidentDetail(inc, docs, review);
    },
  });
}

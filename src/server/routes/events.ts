/** /api/events: filtered lists (for the map), a histogram (for the timeline), full records. */
import { z } from 'zod';
import { VigilError } from '../../errors/catalogue.js';
import type { ServerContext } from '../app.js';
import { RawJson } from '../http.js';
import { EventFilterSchema, EventListQuery, EventSummarySchema, IdParam, eventSummary, page, pageSchema, toEventQuery } from '../dto.js';

export function eventRoutes(ctx: ServerContext): void {
  const { store } = ctx;

  ctx.route({
    method: 'GET',
    url: '/api/events',
    cacheable: true,
    tag: 'events',
    summary: 'Events matching the filters, as summaries (no evidence). Page with limit (<= 1000) and cursor.',
    access: 'viewer',
    query: EventListQuery,
    response: pageSchema(EventSummarySchema),
    async handler({ query }) {
      const q = toEventQuery(query);
      // SQLite builds the page's JSON itself (no row objects, no JSON.stringify here): same bytes' meaning.
      const json = store.eventSummaryPageJson ? await store.eventSummaryPageJson(q) : null;
      return json === null ? page(await store.queryEventSummaries(q), eventSummary) : new RawJson(json);
    },
  });

  ctx.route({
    method: 'GET',
    url: '/api/events/histogram',
    cacheable: true,
    tag: 'events',
    summary:
      'Event counts and fatalities per day, week or month for the filters (the timeline). Events whose text gives no date are counted apart in `undated` (never drawn at their publication date).',
    access: 'viewer',
    query: EventFilterSchema.extend({ bucket: z.enum(['day', 'week', 'month']).default('day') }).strict(),
    response: z.object({
      buckets: z.array(z.object({ start: z.string(), count: z.number(), fatalities: z.number() })),
      undated: z.object({ count: z.number() }),
    }),
    async handler({ query }) {
      const { bucket, ...filters } = query;
      const q = toEventQuery(filters);
      const [buckets, undated] = await Promise.all([store.eventHistogram(q, bucket), store.countEvents({ ...q, dated: false })]);
      return { buckets, undated: { count: undated } };
    },
  });

  ctx.route({
    method: 'GET',
    url: '/api/events/:id',
    tag: 'events',
    summary: 'One event with its full record (every field with its evidence spans) and review history.',
    access: 'viewer',
    params: IdParam,
    response: EventSummarySchema.extend({ record: z.unknown(), review: z.array(z.unknown()) }),
    async handler({ params }) {
      const ev = await store.getEvent(params.id);
      if (!ev) throw new VigilError('VIGIL_ERR_NOT_FOUND', `event ${params.id}`);
      const review = await store.listReviewActions({ targetKind: 'event', targetId: ev.id, limit: 200 });
      return { ...eventSummary(ev), record: ev.record, review };
    },
  });
}

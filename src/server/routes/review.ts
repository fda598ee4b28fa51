/**
 * Review actions (analyst or admin): accept / reject / edit events and incidents, merge and split
 * incidents. The store records who, when, before and after for each; GET /api/review reads that trail.
 */
import { z } from 'zod';
import { EDITABLE_EVENT_FIELDS, EDITABLE_INCIDENT_FIELDS, type ReviewRequest } from '../../store/types.js';
import type { ServerContext } from '../app.js';
import { GradeSchema, IdParam, ReviewEntrySchema, reviewEntry } from '../dto.js';
import { limitParam } from '../http.js';
import type { ServerAuthContext } from '../session.js';

const note = z.string().trim().max(2000).optional();
const name = z.string().trim().min(1).max(200);
const range = z
  .object({ low: z.number().int().min(0).max(1e7), best: z.number().int().min(0).max(1e7), high: z.number().int().min(0).max(1e7) })
  .strict()
  .refine((r) => r.low <= r.best && r.best <= r.high, 'low <= best <= high');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable();

/** The value each editable field accepts. */
const FIELD_VALUES: Record<string, z.ZodType> = {
  eventType: name.nullable(),
  subEventType: name.nullable(),
  kind: name,
  dateStart: day,
  dateEnd: day,
  locationName: name.nullable(),
  admin1: name.nullable(),
  country: name.nullable(),
  lat: z.number().min(-90).max(90).nullable(),
  lon: z.number().min(-180).max(180).nullable(),
  precision: z.string().max(20).nullable(),
  fatalities: range.nullable(),
  injured: range.nullable(),
  civilianFatalities: range.nullable(),
  actors: z.array(name).max(50),
  weapons: z.array(name).max(50),
  historical: z.boolean(),
  grade: GradeSchema,
};

const editBody = (fields: readonly string[]) =>
  z
    .object({ field: z.enum(fields as [string, ...string[]]), value: z.unknown(), note })
    .strict()
    .superRefine((b, c) => {
      const r = FIELD_VALUES[b.field]?.safeParse(b.value);
      if (!r || !r.success) c.addIssue({ code: 'custom', path: ['value'], message: r?.error.issues[0]?.message ?? 'invalid value' });
    });

const ReviewResultSchema = z.object({ actions: z.array(ReviewEntrySchema), incidentId: z.number().int().optional() });

export function reviewRoutes(ctx: ServerContext): void {
  const { store } = ctx;
  async function run(req: ReviewRequest, auth: ServerAuthContext | null, n: string | undefined) {
    const a = auth as ServerAuthContext;
    const res = await store.review(req, { userName: a.user.name, userId: Number(a.user.id), note: n ?? null });
    return { actions: res.actions.map(reviewEntry), ...(res.incidentId === undefined ? {} : { incidentId: res.incidentId }) };
  }
  const decision = z.object({ action: z.enum(['accept', 'reject']), note }).strict();

  for (const target of ['incident', 'event'] as const) {
    ctx.route({
      method: 'POST',
      url: `/api/${target}s/:id/review`,
      tag: 'review',
      summary: `Accept or reject an ${target} (recorded in the audit trail).`,
      access: 'analyst',
      params: IdParam,
      body: decision,
      response: ReviewResultSchema,
      async handler({ params, body, auth }) {
        return run({ action: body.action, target, id: params.id }, auth, body.note);
      },
    });
    ctx.route({
      method: 'PATCH',
      url: `/api/${target}s/:id`,
      tag: 'review',
      summary: `Edit one field of an ${target}; the before and after values go to the audit trail.`,
      access: 'analyst',
      params: IdParam,
      body: editBody(target === 'event' ? EDITABLE_EVENT_FIELDS : EDITABLE_INCIDENT_FIELDS),
      response: ReviewResultSchema,
      async handler({ params, body, auth }) {
        return run({ action: 'edit', target, id: params.id, field: body.field, value: body.value }, auth, body.note);
      },
    });
  }

  ctx.route({
    method: 'POST',
    url: '/api/incidents/merge',
    tag: 'review',
    summary: 'Merge incidents into one: their events move to `into`, the others get status merged.',
    access: 'analyst',
    body: z
      .object({ into: z.number().int().positive(), from: z.array(z.number().int().positive()).min(1).max(100), note })
      .strict()
      .refine((b) => !b.from.includes(b.into), 'an incident cannot be merged into itself'),
    response: ReviewResultSchema,
    async handler({ body, auth }) {
      return run({ action: 'merge', into: body.into, from: body.from }, auth, body.note);
    },
  });

  ctx.route({
    method: 'POST',
    url: '/api/incidents/split',
    tag: 'review',
    summary: 'Move events out of their incident into one new incident.',
    access: 'analyst',
    body: z.object({ eventIds: z.array(z.number().int().positive()).min(1).max(500), note }).strict(),
    response: ReviewResultSchema,
    async handler({ body, auth }) {
      return run({ action: 'split', eventIds: body.eventIds }, auth, body.note);
    },
  });

  ctx.route({
    method: 'GET',
    url: '/api/review',
    tag: 'review',
    summary: 'The review audit trail (who, when, what, before, after), newest first.',
    access: 'viewer',
    query: z
      .object({ target: z.enum(['event', 'incident']).optional(), id: z.coerce.number().int().positive().optional(), user: z.string().max(64).optional(), limit: limitParam(1000, 100) })
      .strict()
      .refine((q) => q.id === undefined || q.target !== undefined, 'id needs target'),
    response: z.object({ items: z.array(ReviewEntrySchema) }),
    async handler({ query }) {
      const rows = await store.listReviewActions({ targetKind: query.target, targetId: query.id, userName: query.user, limit: query.limit });
      return { items: rows.map(reviewEntry) };
    },
  });
}


/**
 * Review actions (analyst or admin): accept / reject / edit events and incidents, merge and split
 * incidents. The store records who, when, before and after for each; GET /api/review reads that trail,
 * GET /api/incidents/:id/audit one incident's whole history, and GET /api/incidents/:id/nearby lists
 * merge candidates (incidents close in place and time).
 *
 * Every change except an accept must say why (`note`): the reason is what the next analyst reads in the
 * audit trail when they wonder why the machine's record was overruled.
 */
import { z } from 'zod';
import { VigilError } from '../../errors/catalogue.js';
import { haversineKm } from '../../geo/distance.js';
import { incidentAuditTrail, incidentRowOnly, MAX_TRAIL_ROWS } from '../../store/incident-trail.js';
import { EDITABLE_EVENT_FIELDS, EDITABLE_INCIDENT_FIELDS, type IncidentQuery, type ReviewRequest } from '../../store/types.js';
import type { ServerContext } from '../app.js';
import { GradeSchema, IdParam, IncidentSummarySchema, ReviewEntrySchema, incidentSummary, reviewEntry } from '../dto.js';
import { limitParam } from '../http.js';
import type { ServerAuthContext } from '../session.js';

const note = z.string().trim().max(2000).optional();
const REASON_REQUIRED = 'a reason is required: say why in `note` (it is kept in the audit trail)';
/** A required reason: at least one non-space character. */
const reason = z.string({ error: REASON_REQUIRED }).trim().min(1, REASON_REQUIRED).max(2000);
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
  // Names, or names with their role (a reviewer's correction of who did what to whom).
  actors: z.union([z.array(name).max(50), z.array(z.object({ name, role: z.enum(['perpetrator', 'target', 'victim', 'participant']) }).strict()).max(50)]),
  weapons: z.array(name).max(50),
  historical: z.boolean(),
  grade: GradeSchema,
};

const editBody = (fields: readonly string[]) =>
  z
    .object({ field: z.enum(fields as [string, ...string[]]), value: z.unknown(), note: reason })
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
  // Accepting agrees with the machine and needs no reason; rejecting overrules it and does.
  const decision = z
    .object({ action: z.enum(['accept', 'reject']), note })
    .strict()
    .superRefine((b, c) => {
      if (b.action === 'reject' && !b.note) c.addIssue({ code: 'custom', path: ['note'], message: REASON_REQUIRED });
    });

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
      .object({ into: z.number().int().positive(), from: z.array(z.number().int().positive()).min(1).max(100), note: reason })
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
    body: z.object({ eventIds: z.array(z.number().int().positive()).min(1).max(500), note: reason }).strict(),
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

  ctx.route({
    method: 'GET',
    url: '/api/incidents/:id/audit',
    tag: 'review',
    summary:
      "One incident's audit trail, newest first: actions on the incident, on the reports (events) it holds, and the splits that moved reports out of it.",
    access: 'viewer',
    params: IdParam,
    query: z.object({ limit: limitParam(MAX_TRAIL_ROWS, 200) }).strict(),
    response: z.object({ items: z.array(ReviewEntrySchema) }),
    async handler({ params, query }) {
      if (!(await incidentRowOnly(store, params.id))) throw new VigilError('VIGIL_ERR_NOT_FOUND', `incident ${params.id}`);
      return { items: (await incidentAuditTrail(store, params.id, { limit: query.limit })).map(reviewEntry) };
    },
  });

  ctx.route({
    method: 'GET',
    url: '/api/incidents/:id/nearby',
    tag: 'review',
    summary:
      'Merge candidates: other open incidents within `km` of this one and `days` of its dates, nearest first. Without coordinates, incidents in the same province (or country).',
    access: 'viewer',
    params: IdParam,
    query: z
      .object({
        km: z.coerce.number().positive().max(500).default(50),
        days: z.coerce.number().int().min(0).max(365).default(7),
        limit: limitParam(100, 20),
      })
      .strict(),
    response: z.object({
      items: z.array(IncidentSummarySchema.extend({ distanceKm: z.number().nullable(), daysApart: z.number().int().nullable() })),
    }),
    async handler({ params, query }) {
      const inc = await incidentRowOnly(store, params.id);
      if (!inc) throw new VigilError('VIGIL_ERR_NOT_FOUND', `incident ${params.id}`);
      const q: IncidentQuery = { limit: 200 };
      if (inc.dateStart) {
        q.since = shiftDay(inc.dateStart, -query.days);
        q.until = shiftDay(inc.dateEnd ?? inc.dateStart, query.days);
      }
      const hasPoint = inc.lat !== null && inc.lon !== null;
      if (hasPoint) q.bbox = boxAround(inc.lat as number, inc.lon as number, query.km);
      else if (inc.admin1 || inc.country) q.place = (inc.admin1 ?? inc.country) as string;
      else if (!inc.dateStart) return { items: [] }; // nothing to compare with
      const rows = (await store.queryIncidents(q)).items.filter((r) => r.id !== inc.id);
      const items = rows
        .map((r) => {
          const distanceKm = hasPoint && r.lat !== null && r.lon !== null ? Math.round(haversineKm(inc.lat as number, inc.lon as number, r.lat, r.lon) * 10) / 10 : null;
          return { ...incidentSummary(r), distanceKm, daysApart: daysApart(inc, r) };
        })
        .filter((r) => r.distanceKm === null || r.distanceKm <= query.km)
        .sort((a, b) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity) || (a.daysApart ?? Infinity) - (b.daysApart ?? Infinity) || a.id - b.id)
        .slice(0, query.limit);
      return { items };
    },
  });
}

const DAY_MS = 86_400_000;
const dayMs = (d: string) => Date.parse(`${d.slice(0, 10)}T00:00:00Z`);

/** "2024-03-12", -7 -> "2024-03-05". */
function shiftDay(d: string, days: number): string {
  return new Date(dayMs(d) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days between two date ranges (0 when they overlap); null when either is undated. */
function daysApart(a: { dateStart: string | null; dateEnd: string | null }, b: { dateStart: string | null; dateEnd: string | null }): number | null {
  if (!a.dateStart || !b.dateStart) return null;
  const [a0, a1] = [dayMs(a.dateStart), dayMs(a.dateEnd ?? a.dateStart)];
  const [b0, b1] = [dayMs(b.dateStart), dayMs(b.dateEnd ?? b.dateStart)];
  const gap = Math.max(b0 - a1, a0 - b1, 0);
  return Number.isFinite(gap) ? Math.round(gap / DAY_MS) : null;
}

/** [minLon, minLat, maxLon, maxLat] around a point, `km` each way (a box the distance filter then trims to a circle). */
function boxAround(lat: number, lon: number, km: number): [number, number, number, number] {
  const dLat = km / 111.32;
  const dLon = km / (111.32 * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  return [Math.max(-180, lon - dLon), Math.max(-90, lat - dLat), Math.min(180, lon + dLon), Math.min(90, lat + dLat)];
}

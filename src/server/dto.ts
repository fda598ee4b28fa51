/**
 * The API's JSON shapes (zod, so /openapi.json documents them) and the mappers from store rows.
 * List endpoints return compact summaries; the full records (with evidence) come from GET /:id.
 */
import { z } from 'zod';
import type { DocumentRow, EventQuery, EventRow, EventSummaryRow, IncidentDetail, IncidentQuery, IncidentRow, ReviewActionRow } from '../store/types.js';
import { GRADES, SOURCE_KINDS } from '../store/types.js';
import { csvParam, limitParam } from './http.js';

export const GradeSchema = z.enum(GRADES as unknown as [string, ...string[]]);
export const SourceKindSchema = z.enum(SOURCE_KINDS as unknown as [string, ...string[]]);
export const RoleSchema = z.enum(['viewer', 'analyst', 'admin']);
/** User names: letters, digits and . _ - (they appear in the audit trail and in logs). */
export const UserNameSchema = z.string().min(1).max(64).regex(/^[\p{L}\p{N}._-]+$/u, 'letters, digits, ".", "_" or "-"');
export const IdParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const shortText = z.string().trim().max(200);
const bbox = z
  .string()
  .max(200)
  .transform((s) => s.split(',').map(Number))
  .pipe(
    z
      .tuple([z.number().min(-180).max(180), z.number().min(-90).max(90), z.number().min(-180).max(180), z.number().min(-90).max(90)])
      .refine(([w, s, e, n]) => w <= e && s <= n, 'bbox is minLon,minLat,maxLon,maxLat'),
  );
const boolParam = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Filters shared by events, incidents, histograms and exports. */
const filterShape = {
  since: day.optional(),
  until: day.optional(),
  bbox: bbox.optional(),
  place: shortText.optional(),
  type: shortText.optional(),
  actor: shortText.optional(),
  weapon: shortText.optional(),
  grade: csvParam(5, 20).pipe(z.array(GradeSchema)).optional(),
  q: shortText.optional(),
};

export const EventFilterSchema = z
  .object({
    ...filterShape,
    status: csvParam(3, 20).pipe(z.array(z.enum(['pending', 'accepted', 'rejected']))).optional(),
    incident: z.coerce.number().int().positive().optional(),
    document: z.coerce.number().int().positive().optional(),
    historical: boolParam.optional(),
    /** With since/until: also undated events whose publication or capture date is in the window. */
    undated: boolParam.optional(),
  })
  .strict();
export const EventListQuery = EventFilterSchema.extend({ limit: limitParam(1000, 100), cursor: z.string().max(500).optional() }).strict();
export type EventFilter = z.infer<typeof EventFilterSchema>;

export const IncidentFilterSchema = z
  .object({
    ...filterShape,
    status: csvParam(4, 20).pipe(z.array(z.enum(['pending', 'accepted', 'rejected', 'merged']))).optional(),
    merged: boolParam.optional(),
  })
  .strict();
export const IncidentListQuery = IncidentFilterSchema.extend({ limit: limitParam(1000, 100), cursor: z.string().max(500).optional() }).strict();
export type IncidentFilter = z.infer<typeof IncidentFilterSchema>;

/** Empty strings from HTML forms mean "no filter". */
const nz = (s: string | undefined) => (s ? s : undefined);

export function toEventQuery(f: EventFilter & { limit?: number; cursor?: string }): EventQuery {
  return {
    since: f.since,
    until: f.until,
    bbox: f.bbox as EventQuery['bbox'],
    place: nz(f.place),
    type: nz(f.type),
    actor: nz(f.actor),
    weapon: nz(f.weapon),
    grade: f.grade?.length ? (f.grade as EventQuery['grade']) : undefined,
    text: nz(f.q),
    status: f.status?.length ? f.status : undefined,
    incidentId: f.incident,
    documentId: f.document,
    includeHistorical: f.historical,
    includeUndated: f.undated,
    limit: f.limit,
    cursor: f.cursor,
  };
}

export function toIncidentQuery(f: IncidentFilter & { limit?: number; cursor?: string }): IncidentQuery {
  return {
    since: f.since,
    until: f.until,
    bbox: f.bbox as IncidentQuery['bbox'],
    place: nz(f.place),
    type: nz(f.type),
    actor: nz(f.actor),
    weapon: nz(f.weapon),
    grade: f.grade?.length ? (f.grade as IncidentQuery['grade']) : undefined,
    text: nz(f.q),
    status: f.status?.length ? f.status : undefined,
    includeMerged: f.merged,
    limit: f.limit,
    cursor: f.cursor,
  };
}

// ------------------------------------------------------------------------------------------------
// Response shapes

const RangeSchema = z.object({ low: z.number(), best: z.number(), high: z.number() });

export const MeSchema = z.object({
  user: z.object({ id: z.string(), name: z.string(), role: RoleSchema }),
  csrfToken: z.string(),
});

export const EventSummarySchema = z.object({
  id: z.number().int(),
  documentId: z.number().int(),
  incidentId: z.number().int().nullable(),
  eventType: z.string().nullable(),
  subEventType: z.string().nullable(),
  kind: z.string(),
  date: z.string().nullable(),
  dateEnd: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  place: z.string().nullable(),
  admin1: z.string().nullable(),
  country: z.string().nullable(),
  actors: z.array(z.string()),
  weapons: z.array(z.string()),
  fatalities: z.number().nullable(),
  grade: z.string().nullable(),
  status: z.string(),
  source: z.string().nullable(),
});
export type EventSummary = z.infer<typeof EventSummarySchema>;

export function eventSummary(e: EventSummaryRow): EventSummary {
  return {
    id: e.id,
    documentId: e.documentId,
    incidentId: e.incidentId,
    eventType: e.eventType,
    subEventType: e.subEventType,
    kind: e.kind,
    date: e.dateStart,
    dateEnd: e.dateEnd,
    lat: e.lat,
    lon: e.lon,
    place: e.locationName,
    admin1: e.admin1,
    country: e.country,
    actors: e.actors,
    weapons: e.weapons,
    fatalities: e.fatalities?.best ?? null,
    grade: e.grade,
    status: e.status,
    source: e.sourceName,
  };
}

export const IncidentSummarySchema = z.object({
  id: z.number().int(),
  eventType: z.string().nullable(),
  subEventType: z.string().nullable(),
  kind: z.string().nullable(),
  date: z.string().nullable(),
  dateEnd: z.string().nullable(),
  place: z.string().nullable(),
  admin1: z.string().nullable(),
  country: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  /** Location precision (exact, near, district, province, country, unknown): analysts correct it. */
  precision: z.string().nullable(),
  fatalities: RangeSchema.nullable(),
  grade: z.string().nullable(),
  reasons: z.array(z.string()),
  actors: z.array(z.string()),
  weapons: z.array(z.string()),
  eventCount: z.number().int(),
  reportCount: z.number().int(),
  sourceCount: z.number().int(),
  status: z.string(),
  mergedInto: z.number().int().nullable(),
});
export type IncidentSummary = z.infer<typeof IncidentSummarySchema>;

export function incidentSummary(i: IncidentRow): IncidentSummary {
  return {
    id: i.id,
    eventType: i.eventType,
    subEventType: i.subEventType,
    kind: i.kind,
    date: i.dateStart,
    dateEnd: i.dateEnd,
    place: i.locationName,
    admin1: i.admin1,
    country: i.country,
    lat: i.lat,
    lon: i.lon,
    precision: i.precision,
    fatalities: i.fatalities,
    grade: i.grade,
    reasons: i.reasons,
    actors: i.actors,
    weapons: i.weapons,
    eventCount: i.eventCount,
    reportCount: i.documentCount,
    sourceCount: i.sourceCount,
    status: i.status,
    mergedInto: i.mergedInto,
  };
}

export const ReviewEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  user: z.string(),
  action: z.string(),
  targetKind: z.string(),
  targetId: z.number().int(),
  field: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  note: z.string().nullable(),
});
export function reviewEntry(r: ReviewActionRow): z.infer<typeof ReviewEntrySchema> {
  return { id: r.id, at: r.at, user: r.userName, action: r.action, targetKind: r.targetKind, targetId: r.targetId, field: r.field, before: r.before, after: r.after, note: r.note };
}

export const DocumentSchema = z.object({
  id: z.number().int(),
  sha256: z.string(),
  key: z.string(),
  source: z.object({ id: z.number().int().nullable(), name: z.string().nullable(), kind: z.string().nullable() }),
  url: z.string().nullable(),
  title: z.string().nullable(),
  language: z.string().nullable(),
  published: z.string().nullable(),
  capturedAt: z.string(),
  mediaType: z.string(),
  origin: z.string(),
  eventCount: z.number().int(),
  text: z.string().optional(),
});
export function documentDto(d: DocumentRow): z.infer<typeof DocumentSchema> {
  return {
    id: d.id,
    sha256: d.sha256,
    key: d.key,
    source: { id: d.sourceId, name: d.sourceName, kind: d.sourceKind },
    url: d.url,
    title: d.title,
    language: d.language,
    published: d.published,
    capturedAt: d.capturedAt,
    mediaType: d.mediaType,
    origin: d.origin,
    eventCount: d.eventCount,
    ...(d.text === undefined ? {} : { text: d.text }),
  };
}

export const ReportSchema = z.object({
  documentId: z.number().int(),
  eventId: z.number().int(),
  title: z.string().nullable(),
  url: z.string().nullable(),
  source: z.object({ id: z.number().int().nullable(), name: z.string(), kind: z.string() }).nullable(),
  publishedAt: z.string().nullable(),
  lang: z.string().nullable(),
  excerpt: z.string(),
  excerptStart: z.number().int(),
  evidence: z.array(z.object({ start: z.number().int(), end: z.number().int(), field: z.string() })),
});
export type Report = z.infer<typeof ReportSchema>;

/** Characters of context shown around an event's passage, and the longest excerpt sent. */
export const EXCERPT_CONTEXT_CHARS = 200;
export const EXCERPT_MAX_CHARS = 4000;

/**
 * The passage of the document that reports the event, with the evidence spans as offsets into it.
 * Spans whose text does not match the document (e.g. a reviewer edited the record) are located by
 * searching the excerpt for the evidence text instead, and dropped if not found.
 */
export function buildReport(doc: DocumentRow, ev: EventRow): Report {
  const text = doc.text ?? '';
  const span = ev.record?.span ?? { start: 0, end: Math.min(text.length, EXCERPT_MAX_CHARS) };
  let start = Math.max(0, Math.min(text.length, span.start) - EXCERPT_CONTEXT_CHARS);
  let end = Math.min(text.length, Math.max(span.end, span.start) + EXCERPT_CONTEXT_CHARS);
  if (end - start > EXCERPT_MAX_CHARS) end = start + EXCERPT_MAX_CHARS;
  // Don't cut words in half at the edges.
  if (start > 0) {
    const ws = text.slice(start, start + 40).search(/\s/);
    if (ws >= 0) start += ws + 1;
  }
  if (end < text.length) {
    const tail = text.slice(Math.max(start, end - 40), end);
    const ws = tail.search(/\s\S*$/);
    if (ws >= 0) end = Math.max(start, end - 40) + ws;
  }
  const excerpt = text.slice(start, end);
  const evidence: Report['evidence'] = [];
  const seen = new Set<string>();
  for (const [field, spans] of Object.entries(ev.record?.evidence ?? {})) {
    for (const s of spans ?? []) {
      let a = s.start - start;
      let b = s.end - start;
      if (!(a >= 0 && b <= excerpt.length && a < b && (!s.text || excerpt.slice(a, b) === s.text))) {
        const at = s.text ? excerpt.indexOf(s.text) : -1;
        if (at < 0) continue;
        a = at;
        b = at + s.text.length;
      }
      const key = `${a}:${b}:${field}`;
      if (seen.has(key)) continue;
      seen.add(key);
      evidence.push({ start: a, end: b, field });
    }
  }
  evidence.sort((x, y) => x.start - y.start || x.end - y.end);
  return {
    documentId: doc.id,
    eventId: ev.id,
    title: doc.title,
    url: doc.url,
    source: doc.sourceName ? { id: doc.sourceId, name: doc.sourceName, kind: doc.sourceKind ?? 'unknown' } : null,
    publishedAt: doc.published,
    lang: doc.language,
    excerpt,
    excerptStart: start,
    evidence: evidence.slice(0, 200),
  };
}

const ActorRoleSchema = z.object({
  name: z.string(),
  role: z.string(),
  category: z.string(),
  /** Reports (events) that name this actor in this role. */
  reports: z.number().int(),
});
const WeaponDetailSchema = z.object({ name: z.string(), category: z.string(), concern: z.boolean(), reports: z.number().int() });
const AttributionSchema = z.object({
  /** Each way the reports hedge who did it (stated, alleged, claimed, denied), with how many reports say so. */
  statuses: z.array(z.object({ status: z.string(), reports: z.number().int() })),
  /** Who reports it, as the texts say ("SOHR", "activists"). */
  reporters: z.array(z.object({ name: z.string(), kind: z.string() })),
  /** true: some report says an official source confirms; false: one says they are silent; null: none says. */
  officialConfirmation: z.boolean().nullable(),
});

export const IncidentDetailSchema = IncidentSummarySchema.extend({
  events: z.array(EventSummarySchema),
  reports: z.array(ReportSchema),
  review: z.array(ReviewEntrySchema),
  /** Actors with their role (perpetrator, target, victim, participant), across the incident's current reports. */
  actorRoles: z.array(ActorRoleSchema),
  weaponDetails: z.array(WeaponDetailSchema),
  injured: RangeSchema.nullable(),
  civilianFatalities: RangeSchema.nullable(),
  strikes: z.object({ low: z.number().nullable(), high: z.number().nullable() }).nullable(),
  attribution: AttributionSchema,
});

/**
 * Ranges across reports, as the incident's fatalities are combined (UCDP convention): low is the lowest
 * credible figure, high the highest, best the median of the reports' best figures.
 */
export function combineRanges(rs: (Range | null | undefined)[]): Range | null {
  const xs = rs.filter((r): r is Range => !!r);
  if (xs.length === 0) return null;
  const bests = xs.map((r) => r.best).sort((a, b) => a - b);
  const best = bests[Math.floor((bests.length - 1) / 2)];
  return { low: Math.min(best, ...xs.map((r) => r.low)), best, high: Math.max(best, ...xs.map((r) => r.high)) };
}
type Range = { low: number; best: number; high: number };

/** Who, with what, how many, says who: read from the records of the reports still counted (not rejected). */
export function incidentFacts(events: EventRow[]) {
  const live = events.filter((e) => e.status !== 'rejected');
  const recs = (live.length ? live : events).map((e) => e.record).filter((r): r is EventRow['record'] => !!r);
  const actors = new Map<string, z.infer<typeof ActorRoleSchema>>();
  const weapons = new Map<string, z.infer<typeof WeaponDetailSchema>>();
  const statuses = new Map<string, number>();
  const reporters = new Map<string, { name: string; kind: string }>();
  let official: boolean | null = null;
  let sLow: number | null = null;
  let sHigh: number | null = null;
  for (const r of recs) {
    for (const a of r.actors ?? []) {
      const k = `${a.role}\u0000${a.name}`;
      const cur = actors.get(k);
      if (cur) cur.reports++;
      else actors.set(k, { name: a.name, role: a.role, category: a.category ?? 'other', reports: 1 });
    }
    for (const w of r.weapons ?? []) {
      const cur = weapons.get(w.name);
      if (cur) cur.reports++;
      else weapons.set(w.name, { name: w.name, category: w.category ?? 'other', concern: !!w.concern, reports: 1 });
    }
    const at = r.attribution;
    if (at) {
      statuses.set(at.status, (statuses.get(at.status) ?? 0) + 1);
      for (const rep of at.reporters ?? []) if (!reporters.has(rep.name.toLowerCase())) reporters.set(rep.name.toLowerCase(), { name: rep.name, kind: rep.kind });
      if (at.officialConfirmation === true) official = true;
      else if (at.officialConfirmation === false && official === null) official = false;
    }
    if (r.strikes) {
      if (r.strikes.low !== null) sLow = sLow === null ? r.strikes.low : Math.min(sLow, r.strikes.low);
      if (r.strikes.high !== null) sHigh = sHigh === null ? r.strikes.high : Math.max(sHigh, r.strikes.high);
    }
  }
  return {
    actorRoles: [...actors.values()].sort((a, b) => b.reports - a.reports || a.name.localeCompare(b.name)).slice(0, 100),
    weaponDetails: [...weapons.values()].sort((a, b) => Number(b.concern) - Number(a.concern) || b.reports - a.reports).slice(0, 50),
    injured: combineRanges(recs.map((r) => r.injured)),
    civilianFatalities: combineRanges(recs.map((r) => r.civilianFatalities)),
    strikes: sLow === null && sHigh === null ? null : { low: sLow, high: sHigh },
    attribution: {
      statuses: [...statuses].map(([status, reports]) => ({ status, reports })).sort((a, b) => b.reports - a.reports),
      reporters: [...reporters.values()].slice(0, 50),
      officialConfirmation: official,
    },
  };
}

export function incidentDetail(inc: IncidentDetail, docs: Map<number, DocumentRow>, review: ReviewActionRow[]): z.infer<typeof IncidentDetailSchema> {
  const reports: Report[] = [];
  for (const ev of inc.events) {
    const doc = docs.get(ev.documentId);
    if (doc) reports.push(buildReport(doc, ev));
  }
  return { ...incidentSummary(inc), events: inc.events.map(eventSummary), reports, review: review.map(reviewEntry), ...incidentFacts(inc.events) };
}

export function page<T, U>(p: { items: T[]; nextCursor: string | null }, map: (t: T) => U): { items: U[]; nextCursor: string | null } {
  return { items: p.items.map(map), nextCursor: p.nextCursor };
}

export const pageSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/**
 * Review with an audit trail: accept, reject, edit a field, merge incidents, split events out.
 * Each change writes a review_actions row (who, when, before, after) in the same transaction as the
 * change itself. Nothing is deleted: rejected and merged items keep their rows with a status.
 */
import type { EventActor, EventRecord, EventWeapon, Range } from '../../model/event.js';
import { VigilError } from '../../errors/catalogue.js';
import { norm, type SqlConn } from '../dialect.js';
import {
  EDITABLE_EVENT_FIELDS, EDITABLE_INCIDENT_FIELDS, GRADES,
  type ReviewActionRow, type ReviewContext, type ReviewRequest, type ReviewResult,
} from '../types.js';
import { EVENT_COLUMNS, eventBody, eventColumnValues, nowIso, parseJson, toEventRow, toIncidentRow, type Row } from './rows.js';
import { createIncident, refreshIncident } from './incidents.js';

type Field = (typeof EDITABLE_EVENT_FIELDS)[number];

function bad(detail: string, field?: string): never {
  throw new VigilError('VIGIL_ERR_VALIDATION', detail, field ? { field } : undefined);
}

function asRange(v: unknown, field: string): Range | null {
  if (v === null) return null;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return { low: v, best: v, high: v };
  const r = v as Partial<Range>;
  if (r && typeof r === 'object' && [r.low, r.best, r.high].every((x) => Number.isInteger(x) && (x as number) >= 0) && r.low! <= r.best! && r.best! <= r.high!) {
    return { low: r.low!, best: r.best!, high: r.high! };
  }
  return bad(`${field} must be a non-negative integer or {low, best, high} with low <= best <= high`, field);
}
function asString(v: unknown, field: string, nullable = true): string | null {
  if (v === null && nullable) return null;
  if (typeof v === 'string' && v.length <= 500) return v.trim();
  return bad(`${field} must be a string of at most 500 characters`, field);
}
function asDate(v: unknown, field: string): string | null {
  if (v === null) return null;
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))) return v;
  return bad(`${field} must be YYYY-MM-DD`, field);
}
function asCoord(v: unknown, field: string, max: number): number | null {
  if (v === null) return null;
  if (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= max) return v;
  return bad(`${field} must be a number within ±${max}`, field);
}
function asNames(v: unknown, field: string): string[] {
  if (Array.isArray(v) && v.length <= 50 && v.every((x) => typeof x === 'string' && x.length <= 200)) return v.map((x: string) => x.trim()).filter(Boolean);
  return bad(`${field} must be an array of names`, field);
}
const ACTOR_ROLES = ['perpetrator', 'target', 'victim', 'participant'];
/** An actor correction that says each actor's role: [{name: "Military Forces of Russia", role: "perpetrator"}]. */
type RoledActor = { name: string; role: EventActor['role'] };
const hasRoles = (v: unknown): v is RoledActor[] => Array.isArray(v) && v.some((x) => typeof x === 'object' && x !== null);
function asActors(v: unknown): string[] | RoledActor[] {
  if (!hasRoles(v)) return asNames(v, 'actors');
  if (v.length <= 50 && v.every((x) => typeof x === 'object' && x !== null && typeof x.name === 'string' && x.name.trim() && x.name.length <= 200 && ACTOR_ROLES.includes(x.role))) {
    return v.map((x) => ({ name: x.name.trim(), role: x.role }));
  }
  return bad(`actors must be names, or {name, role} with role one of ${ACTOR_ROLES.join(', ')}`, 'actors');
}
const PRECISIONS = ['exact', 'near', 'district', 'province', 'country', 'unknown'];

/** Validate `value` for `field` and return the value as stored (ranges normalized). */
export function validateField(target: 'event' | 'incident', field: string, value: unknown): unknown {
  const allowed: readonly string[] = target === 'event' ? EDITABLE_EVENT_FIELDS : EDITABLE_INCIDENT_FIELDS;
  if (!allowed.includes(field)) bad(`${field} is not an editable ${target} field (one of ${allowed.join(', ')})`, 'field');
  switch (field) {
    case 'fatalities': case 'injured': case 'civilianFatalities': return asRange(value, field);
    case 'dateStart': case 'dateEnd': return asDate(value, field);
    case 'lat': return asCoord(value, field, 90);
    case 'lon': return asCoord(value, field, 180);
    case 'actors': return asActors(value);
    case 'weapons': return asNames(value, field);
    case 'historical': if (typeof value === 'boolean') return value; return bad('historical must be true or false', field);
    case 'precision': if (typeof value === 'string' && PRECISIONS.includes(value)) return value; return bad(`precision must be one of ${PRECISIONS.join(', ')}`, field);
    case 'grade': if (value === null || GRADES.includes(value as never)) return value; return bad(`grade must be one of ${GRADES.join(', ')}`, field);
    case 'kind': return asString(value, field, false);
    default: return asString(value, field);
  }
}

/** Apply one validated edit to a copy of the record. */
export function applyEventEdit(rec: EventRecord, field: Field, value: unknown): EventRecord {
  const r = structuredClone(rec);
  const loc = () => (r.location ??= {
    name: '', mention: '', lat: null, lon: null, country: null, admin1: null, admin2: null, placeId: null,
    precision: 'unknown', geoPrecision: null, confidence: 1,
  });
  switch (field) {
    case 'eventType': r.eventType = value as EventRecord['eventType']; break;
    case 'subEventType': r.subEventType = value as EventRecord['subEventType']; break;
    case 'kind': r.kind = value as string; break;
    case 'dateStart': r.date = { ...r.date, start: value as string | null, precision: value ? (r.date.precision === 'unknown' ? 'day' : r.date.precision) : 'unknown' }; if (!r.date.end || (value && r.date.end < (value as string))) r.date.end = value as string | null; break;
    case 'dateEnd': r.date = { ...r.date, end: value as string | null }; break;
    case 'locationName': loc().name = (value as string | null) ?? ''; break;
    case 'admin1': loc().admin1 = value as string | null; break;
    case 'country': loc().country = value as string | null; break;
    case 'lat': loc().lat = value as number | null; break;
    case 'lon': loc().lon = value as number | null; break;
    case 'precision': loc().precision = value as NonNullable<EventRecord['location']>['precision']; break;
    case 'fatalities': r.fatalities = value as Range | null; break;
    case 'injured': r.injured = value as Range | null; break;
    case 'civilianFatalities': r.civilianFatalities = value as Range | null; break;
    case 'historical': r.historical = value as boolean; break;
    case 'actors': {
      const old = new Map(r.actors.map((a) => [a.name, a]));
      r.actors = (value as (string | RoledActor)[]).map((x): EventActor => {
        const n = typeof x === 'string' ? x : x.name;
        const a = old.get(n) ?? { name: n, actorId: null, category: 'other', role: 'participant', mention: n };
        return typeof x === 'string' ? a : { ...a, role: x.role };
      });
      break;
    }
    case 'weapons': {
      const old = new Map(r.weapons.map((w) => [w.name, w]));
      r.weapons = (value as string[]).map((n): EventWeapon => old.get(n) ?? { name: n, weaponId: `user:${n.toLowerCase()}`, category: 'other', concern: false });
      break;
    }
  }
  r.evidence = { ...r.evidence, [field]: [...(r.evidence?.[field] ?? []), { start: 0, end: 0, text: '', rule: 'review:edit' }] };
  return r;
}

async function recordAction(
  tx: SqlConn, ctx: ReviewContext, action: ReviewActionRow['action'], targetKind: 'event' | 'incident', targetId: number,
  field: string | null, before: unknown, after: unknown,
): Promise<ReviewActionRow> {
  const at = nowIso();
  const r = await tx.get<{ id: number }>(
    `INSERT INTO review_actions (at, user_name, user_id, action, target_kind, target_id, field, before_value, after_value, note)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [at, ctx.userName, ctx.userId ?? null, action, targetKind, targetId, field, JSON.stringify(before ?? null), JSON.stringify(after ?? null), ctx.note ?? null],
  );
  return { id: Number(r!.id), at, userName: ctx.userName, userId: ctx.userId ?? null, action, targetKind, targetId, field, before: before ?? null, after: after ?? null, note: ctx.note ?? null };
}

async function custodyReviewed(tx: SqlConn, documentIds: number[], ctx: ReviewContext, detail: Record<string, unknown>): Promise<void> {
  const at = nowIso();
  for (const id of [...new Set(documentIds)]) {
    await tx.run(`INSERT INTO custody_log (document_id, action, actor, at, sha256, detail) VALUES (?, 'reviewed', ?, ?, NULL, ?)`, [id, ctx.userName, at, JSON.stringify(detail)]);
  }
}

async function eventOr404(tx: SqlConn, id: number): Promise<Row> {
  const r = await tx.get<Row>('SELECT * FROM events WHERE id = ?', [id]);
  if (!r) throw new VigilError('VIGIL_ERR_NOT_FOUND', `event ${id}`);
  return r;
}
async function incidentOr404(tx: SqlConn, id: number): Promise<Row> {
  const r = await tx.get<Row>('SELECT * FROM incidents WHERE id = ?', [id]);
  if (!r) throw new VigilError('VIGIL_ERR_NOT_FOUND', `incident ${id}`);
  return r;
}

const INCIDENT_VALUE: Record<string, (i: ReturnType<typeof toIncidentRow>) => unknown> = {
  eventType: (i) => i.eventType, subEventType: (i) => i.subEventType, kind: (i) => i.kind, dateStart: (i) => i.dateStart,
  dateEnd: (i) => i.dateEnd, locationName: (i) => i.locationName, admin1: (i) => i.admin1, country: (i) => i.country,
  lat: (i) => i.lat, lon: (i) => i.lon, precision: (i) => i.precision, fatalities: (i) => i.fatalities, grade: (i) => i.grade,
};

function eventValue(rec: EventRecord, field: Field): unknown {
  const row = toEventRowFromRecord(rec);
  return row[field];
}
function toEventRowFromRecord(rec: EventRecord): Record<Field, unknown> {
  return {
    eventType: rec.eventType, subEventType: rec.subEventType, kind: rec.kind, dateStart: rec.date?.start ?? null, dateEnd: rec.date?.end ?? null,
    locationName: rec.location?.name ?? null, admin1: rec.location?.admin1 ?? null, country: rec.location?.country ?? null,
    lat: rec.location?.lat ?? null, lon: rec.location?.lon ?? null, precision: rec.location?.precision ?? null,
    fatalities: rec.fatalities, injured: rec.injured, civilianFatalities: rec.civilianFatalities,
    actors: rec.actors.map((a) => a.name), weapons: rec.weapons.map((w) => w.name), historical: rec.historical,
  };
}

/** Rewrite an event's columns, actor and weapon rows from its (edited) record. */
export async function rewriteEvent(tx: SqlConn, eventId: number, rec: EventRecord, docText: string, fallbackDate: string | null): Promise<void> {
  const values = eventColumnValues(rec, eventBody(rec, docText), fallbackDate);
  await tx.run(
    `UPDATE events SET ${EVENT_COLUMNS.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`,
    [...values, nowIso(), eventId],
  );
  await tx.run('DELETE FROM event_actors WHERE event_id = ?', [eventId]);
  await tx.run('DELETE FROM event_weapons WHERE event_id = ?', [eventId]);
  await insertActorsWeapons(tx, eventId, rec);
}

export async function insertActorsWeapons(tx: SqlConn, eventId: number, rec: EventRecord): Promise<void> {
  for (const a of rec.actors.slice(0, 50)) {
    await tx.run('INSERT INTO event_actors (event_id, name_norm, actor_id, role) VALUES (?, ?, ?, ?)', [eventId, norm(a.name) ?? '', a.actorId, a.role]);
  }
  for (const w of rec.weapons.slice(0, 50)) {
    await tx.run('INSERT INTO event_weapons (event_id, name_norm, weapon_id, category, concern) VALUES (?, ?, ?, ?, ?)', [eventId, norm(w.name) ?? '', w.weaponId, w.category, w.concern ? 1 : 0]);
  }
}

export async function applyReview(tx: SqlConn, req: ReviewRequest, ctx: ReviewContext): Promise<ReviewResult> {
  if (!ctx.userName || typeof ctx.userName !== 'string') bad('a reviewer name is required', 'user');
  const now = nowIso();
  switch (req.action) {
    case 'accept':
    case 'reject': {
      const status = req.action === 'accept' ? 'accepted' : 'rejected';
      if (req.target === 'event') {
        const e = await eventOr404(tx, req.id);
        if (e.status === status) return { actions: [] };
        await tx.run('UPDATE events SET status = ?, updated_at = ? WHERE id = ?', [status, now, req.id]);
        const a = await recordAction(tx, ctx, req.action, 'event', req.id, 'status', e.status, status);
        if (e.incident_id !== null) await refreshIncident(tx, Number(e.incident_id));
        await custodyReviewed(tx, [Number(e.document_id)], ctx, { action: req.action, event: req.id });
        return { actions: [a], incidentId: e.incident_id === null ? undefined : Number(e.incident_id) };
      }
      const i = await incidentOr404(tx, req.id);
      if (i.status === 'merged') throw new VigilError('VIGIL_ERR_CONFLICT', `incident ${req.id} was merged into ${String(i.merged_into)}`);
      if (i.status === status) return { actions: [], incidentId: req.id };
      await tx.run('UPDATE incidents SET status = ?, updated_at = ? WHERE id = ?', [status, now, req.id]);
      const a = await recordAction(tx, ctx, req.action, 'incident', req.id, 'status', i.status, status);
      const docs = await tx.all<{ document_id: number }>('SELECT DISTINCT document_id FROM events WHERE incident_id = ?', [req.id]);
      await custodyReviewed(tx, docs.map((d) => Number(d.document_id)), ctx, { action: req.action, incident: req.id });
      return { actions: [a], incidentId: req.id };
    }
    case 'edit': {
      const value = validateField(req.target, req.field, req.value);
      if (req.target === 'event') {
        const e = await eventOr404(tx, req.id);
        const rec = parseJson<EventRecord>(e.record, {} as EventRecord);
        const field = req.field as Field;
        // A correction with roles is recorded with the roles before it too, so the trail shows a role change.
        const before = field === 'actors' && hasRoles(value) ? (rec.actors ?? []).map((a) => ({ name: a.name, role: a.role })) : eventValue(rec, field);
        const next = applyEventEdit(rec, field, value);
        const doc = await tx.get<Row>('SELECT text, published, captured_at FROM documents WHERE id = ?', [e.document_id as number]);
        await rewriteEvent(tx, req.id, next, String(doc?.text ?? ''), (doc?.published as string | null) ?? (doc?.captured_at as string | null) ?? null);
        const a = await recordAction(tx, ctx, 'edit', 'event', req.id, req.field, before, value);
        if (e.incident_id !== null) await refreshIncident(tx, Number(e.incident_id));
        await custodyReviewed(tx, [Number(e.document_id)], ctx, { action: 'edit', event: req.id, field: req.field });
        return { actions: [a], incidentId: e.incident_id === null ? undefined : Number(e.incident_id) };
      }
      const i = await incidentOr404(tx, req.id);
      const before = INCIDENT_VALUE[req.field](toIncidentRow(i));
      const overrides = parseJson<Record<string, unknown>>(i.overrides, {});
      overrides[req.field] = value;
      // Reviewer values are kept as overrides, so later reports recompute everything else around them.
      await tx.run('UPDATE incidents SET overrides = ? WHERE id = ?', [JSON.stringify(overrides), req.id]);
      await refreshIncident(tx, req.id);
      const a = await recordAction(tx, ctx, 'edit', 'incident', req.id, req.field, before, value);
      return { actions: [a], incidentId: req.id };
    }
    case 'merge': {
      const from = [...new Set(req.from)].filter((x) => x !== req.into);
      if (from.length === 0) bad('merge needs at least one incident other than the target', 'from');
      const into = await incidentOr404(tx, req.into);
      if (into.status === 'merged') throw new VigilError('VIGIL_ERR_CONFLICT', `incident ${req.into} was itself merged`);
      const actions: ReviewActionRow[] = [];
      const beforeInto = (await tx.all<{ id: number }>('SELECT id FROM events WHERE incident_id = ? ORDER BY id', [req.into])).map((r) => Number(r.id));
      for (const id of from) {
        const inc = await incidentOr404(tx, id);
        if (inc.status === 'merged') throw new VigilError('VIGIL_ERR_CONFLICT', `incident ${id} was already merged`);
        const evIds = (await tx.all<{ id: number }>('SELECT id FROM events WHERE incident_id = ? ORDER BY id', [id])).map((r) => Number(r.id));
        await tx.run('UPDATE events SET incident_id = ?, updated_at = ? WHERE incident_id = ?', [req.into, now, id]);
        await tx.run(`UPDATE incidents SET status = 'merged', merged_into = ?, updated_at = ? WHERE id = ?`, [req.into, now, id]);
        actions.push(await recordAction(tx, ctx, 'merge', 'incident', id, 'mergedInto', { status: inc.status, events: evIds }, { status: 'merged', mergedInto: req.into }));
      }
      const afterInto = (await tx.all<{ id: number }>('SELECT id FROM events WHERE incident_id = ? ORDER BY id', [req.into])).map((r) => Number(r.id));
      await refreshIncident(tx, req.into);
      actions.push(await recordAction(tx, ctx, 'merge', 'incident', req.into, 'events', beforeInto, afterInto));
      const docs = await tx.all<{ document_id: number }>('SELECT DISTINCT document_id FROM events WHERE incident_id = ?', [req.into]);
      await custodyReviewed(tx, docs.map((d) => Number(d.document_id)), ctx, { action: 'merge', into: req.into, from });
      return { actions, incidentId: req.into };
    }
    case 'split': {
      const ids = [...new Set(req.eventIds)];
      if (ids.length === 0) bad('split needs at least one event', 'eventIds');
      const rows = [];
      for (const id of ids) rows.push(await eventOr404(tx, id));
      const family = (rows[0].family as string | null) ?? 'strategic';
      const newId = await createIncident(tx, family);
      const actions: ReviewActionRow[] = [];
      const touched = new Set<number>();
      for (const e of rows) {
        const old = e.incident_id === null ? null : Number(e.incident_id);
        if (old !== null) touched.add(old);
        await tx.run('UPDATE events SET incident_id = ?, updated_at = ? WHERE id = ?', [newId, now, Number(e.id)]);
        actions.push(await recordAction(tx, ctx, 'split', 'event', Number(e.id), 'incidentId', old, newId));
      }
      for (const t of touched) await refreshIncident(tx, t);
      await refreshIncident(tx, newId);
      await custodyReviewed(tx, rows.map((e) => Number(e.document_id)), ctx, { action: 'split', events: ids, incident: newId });
      return { actions, incidentId: newId };
    }
    default:
      return bad('unknown review action', 'action');
  }
}

export { toEventRow };

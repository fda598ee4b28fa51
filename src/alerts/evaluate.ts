/**
 * The alert step: which saved searches a stored report's incident changes match, recorded once each.
 *
 * A change is (incident, report): each report whose events join or open an incident changes it once,
 * so the change key is `doc:<documentId>` and alert_deliveries' UNIQUE (alert, incident, change) makes
 * "the same change never alerts twice" hold however often this step runs (crash, retry, two workers).
 * An incident matches a saved search when one of its events matches the search's `vigil events`
 * filters (the store's own queryEvents, so the CLI, API and alerts agree on what a filter means).
 */
import type { VigilConfig } from '../config/schema.js';
import { VigilError } from '../errors/catalogue.js';
import { haversineKm } from '../geo/distance.js';
import { toIncidentRow } from '../store/repositories/rows.js';
import type { IncidentRow, Store } from '../store/types.js';
import { dialectOf } from '../watch/repo.js';
import type { AlertRepo } from './repo.js';
import type { AlertPayload, AlertRow, ChangeKind } from './types.js';

const DAY_MS = 86_400_000;
const day = (s: string | null) => (s ? Date.parse(`${s.slice(0, 10)}T00:00:00Z`) : NaN);

/** The nearest other incident of the same type within `km` and `days`: "possible duplicate of incident N". */
export async function findPossibleDuplicate(store: Store, inc: IncidentRow, cfg: VigilConfig['alerts']): Promise<{ id: number; km: number; days: number } | null> {
  if (inc.lat === null || inc.lon === null) return null;
  const db = dialectOf(store);
  const dLat = cfg.duplicateKm / 111;
  const dLon = cfg.duplicateKm / (111 * Math.max(0.05, Math.cos((inc.lat * Math.PI) / 180)));
  const typeCol = inc.eventType ? 'event_type' : 'family';
  const typeVal = inc.eventType ?? inc.family;
  if (!typeVal) return null;
  const rows = await db.all<Record<string, unknown>>(
    `SELECT * FROM incidents WHERE id <> ? AND ${typeCol} = ? AND status NOT IN ('merged', 'rejected')
       AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? ORDER BY id DESC LIMIT 500`,
    [inc.id, typeVal, inc.lat - dLat, inc.lat + dLat, inc.lon - dLon, inc.lon + dLon]);
  let best: { id: number; km: number; days: number } | null = null;
  const a0 = day(inc.dateStart), a1 = day(inc.dateEnd ?? inc.dateStart);
  for (const r of rows) {
    const o = toIncidentRow(r);
    const km = haversineKm(inc.lat, inc.lon, o.lat!, o.lon!);
    if (km > cfg.duplicateKm) continue;
    const b0 = day(o.dateStart), b1 = day(o.dateEnd ?? o.dateStart);
    // Undated on either side: place and type alone are not enough to flag.
    if (![a0, a1, b0, b1].every(Number.isFinite)) continue;
    const gap = Math.max(0, b0 - a1, a0 - b1) / DAY_MS;
    if (gap > cfg.duplicateDays) continue;
    if (!best || km < best.km) best = { id: o.id, km, days: gap };
  }
  return best;
}

function fatalitiesOf(inc: IncidentRow): number {
  const f = inc.fatalities;
  return f ? (f.best ?? f.high ?? f.low ?? 0) : 0;
}

async function matchesFilters(store: Store, alert: AlertRow, incidentId: number): Promise<boolean> {
  try {
    const page = await store.queryEvents({ ...alert.filters, incidentId, limit: 1 });
    return page.items.length > 0;
  } catch (e) {
    // A saved filter the store refuses (saved by an older version, edited by hand) matches nothing; the other alerts go on.
    if (e instanceof VigilError && e.code === 'VIGIL_ERR_VALIDATION') return false;
    throw e;
  }
}

/**
 * Evaluate every alert against the incidents that document `documentId` opened or joined; returns the
 * ids of deliveries of this change still to send (new ones, and ones a crashed run recorded but never sent).
 */
export async function evaluateDocument(store: Store, alerts: AlertRepo, documentId: number, cfg: VigilConfig['alerts']): Promise<number[]> {
  const db = dialectOf(store);
  const changeKey = `doc:${documentId}`;
  const list = (await alerts.list()).filter((a) => a.enabled);
  if (!list.length) return [];
  const incIds = (await db.all<{ incident_id: number }>(
    'SELECT DISTINCT incident_id FROM events WHERE document_id = ? AND incident_id IS NOT NULL ORDER BY incident_id', [documentId])).map((r) => Number(r.incident_id));
  for (const incidentId of incIds) await evaluateIncident(store, alerts, list, incidentId, { changeKey, documentId }, cfg);
  return alerts.deliveriesForChange(changeKey);
}

/**
 * Evaluate every alert against an incident a reviewer changed (review action `actionId`: an edited grade,
 * fatalities, place ..., a merge or split). The change key is `review:<actionId>`.
 */
export async function evaluateReview(store: Store, alerts: AlertRepo, incidentId: number, actionId: number, cfg: VigilConfig['alerts']): Promise<number[]> {
  const list = (await alerts.list()).filter((a) => a.enabled);
  if (!list.length) return [];
  const changeKey = `review:${actionId}`;
  await evaluateIncident(store, alerts, list, incidentId, { changeKey, documentId: null }, cfg);
  return alerts.deliveriesForChange(changeKey);
}

async function evaluateIncident(store: Store, alerts: AlertRepo, list: AlertRow[], incidentId: number, change: { changeKey: string; documentId: number | null }, cfg: VigilConfig['alerts']): Promise<void> {
  const db = dialectOf(store);
  const r = await db.get<Record<string, unknown>>('SELECT * FROM incidents WHERE id = ?', [incidentId]);
  if (!r) return;
  const inc = toIncidentRow(r);
  if (inc.status === 'merged' || inc.status === 'rejected') return;
  let isNew = false;
  if (change.documentId !== null) {
    const others = await db.get<{ n: number }>('SELECT count(*) AS n FROM events WHERE incident_id = ? AND document_id <> ?', [incidentId, change.documentId]);
    isNew = Number(others?.n ?? 0) === 0;
  }
  const dup = isNew ? await findPossibleDuplicate(store, inc, cfg) : null;
  for (const alert of list) {
    const matched = (await matchesFilters(store, alert, incidentId)) &&
      (alert.conditions.minFatalities === undefined || fatalitiesOf(inc) >= alert.conditions.minFatalities);
    await db.transaction(async (tx) => {
      const seen = await alerts.swapSeenGrade(tx, alert.id, incidentId, inc.grade);
      if (!matched) return;
      const kind: ChangeKind = isNew ? 'new-incident' : seen.seen && seen.grade !== inc.grade ? 'grade-changed' : 'incident-changed';
      if (alert.conditions.newIncident && kind !== 'new-incident') return;
      if (alert.conditions.gradeChanged && kind !== 'grade-changed') return;
      const payload: Omit<AlertPayload, 'deliveryId'> = {
        alert: alert.name, change: kind, documentId: change.documentId,
        incident: {
          id: inc.id, eventType: inc.eventType, subEventType: inc.subEventType, dateStart: inc.dateStart, dateEnd: inc.dateEnd,
          place: inc.locationName, admin1: inc.admin1, country: inc.country, lat: inc.lat, lon: inc.lon, fatalities: inc.fatalities,
          grade: inc.grade, previousGrade: kind === 'grade-changed' ? (seen.grade as IncidentRow['grade']) : null,
          eventCount: inc.eventCount, sourceCount: inc.sourceCount, weapons: inc.weapons,
        },
        possibleDuplicateOf: dup?.id ?? null,
        note: dup ? `possible duplicate of incident ${dup.id} (${dup.km.toFixed(1)} km, ${dup.days} day(s) apart, same type)` : null,
        at: new Date().toISOString(),
      };
      await alerts.insertDelivery(tx, { alert, incidentId, changeKey: change.changeKey, changeKind: kind, payload });
    });
  }
}

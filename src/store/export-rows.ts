/**
 * Store rows -> export rows (src/export: ACLED CSV, GeoJSON, JSON Lines). Shared by the CLI and the API.
 */
import { ACLED_GEO_PRECISION, type LocationPrecision } from '../model/toponym.js';
import { exportRowFromRecord, type ExportRow } from '../export/index.js';
import type { EventRow, IncidentRow } from './types.js';

export function eventExportRow(e: EventRow): ExportRow {
  const row = exportRowFromRecord(e.record, {
    incidentId: e.incidentId === null ? null : String(e.incidentId),
    grade: e.grade,
    sources: e.sourceName ? [e.sourceName] : undefined,
    sourceKinds: e.sourceKind ? [e.sourceKind] : undefined,
    updatedAt: e.updatedAt,
  });
  return { ...row, id: `vigil-e${e.id}`, extra: { ...(row.extra ?? {}), eventId: e.id, documentId: e.documentId, status: e.status } };
}

export function incidentExportRow(i: IncidentRow, sources: string[] = []): ExportRow {
  const tags = [`kind=${i.kind ?? ''}`, ...i.weapons.map((w) => `weapon=${w}`)];
  if (i.grade) tags.push(`grade=${i.grade}`);
  return {
    id: `vigil-i${i.id}`,
    date: i.dateStart,
    datePrecision: !i.dateStart ? 'unknown' : i.dateEnd && i.dateEnd !== i.dateStart ? 'range' : 'day',
    eventType: i.eventType,
    subEventType: i.subEventType,
    kind: i.kind,
    actor1: i.actors[0] ?? null,
    assocActor1: [],
    actor2: i.actors[1] ?? null,
    assocActor2: i.actors.slice(2),
    country: i.country,
    admin1: i.admin1,
    location: i.locationName,
    latitude: i.lat,
    longitude: i.lon,
    geoPrecision: i.precision ? ACLED_GEO_PRECISION[i.precision as LocationPrecision] ?? null : null,
    sources,
    fatalities: i.fatalities?.best ?? 0,
    tags,
    timestamp: Math.floor(Date.parse(i.updatedAt) / 1000),
    extra: {
      incidentId: i.id,
      grade: i.grade,
      reasons: i.reasons,
      fatalitiesRange: i.fatalities,
      dateEnd: i.dateEnd,
      precision: i.precision,
      weapons: i.weapons,
      actors: i.actors,
      eventCount: i.eventCount,
      documentCount: i.documentCount,
      sourceCount: i.sourceCount,
      status: i.status,
    },
  };
}

/**
 * Mapping between extractor records / store rows and table columns. Pure functions: no SQL here.
 */
import type { EventRecord, Range } from '../../model/event.js';
import type { DocumentRow, EventRow, EventSummaryRow, Grade, IncidentRow, SourceKind } from '../types.js';
import { norm, type SqlValue } from '../dialect.js';
import { countryInfo } from '../../export/index.js';
import { familyOf } from '../../cluster/index.js';

export function nowIso(): string {
  return new Date().toISOString();
}

export function parseJson<T>(s: unknown, fallback: T): T {
  if (typeof s !== 'string' || s === '') return fallback;
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
}

/** Country as stored for place queries: the English name where the code is known ("sy" -> "syria"). */
export function countryNorm(country: string | null | undefined): string | null {
  if (!country) return null;
  try {
    return norm(countryInfo(country)?.name ?? country);
  } catch {
    return norm(country);
  }
}

function day(s: string | null | undefined): string | null {
  return s && /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : null;
}

function range(r: Range | null | undefined): [number | null, number | null, number | null] {
  return r ? [r.low, r.best, r.high] : [null, null, null];
}
export function rangeOf(low: unknown, best: unknown, high: unknown): Range | null {
  if (low === null && best === null && high === null) return null;
  const b = Number(best ?? low ?? high);
  return { low: Number(low ?? b), best: b, high: Number(high ?? b) };
}

export function familyOfRecord(r: EventRecord): string | null {
  try {
    return familyOf(r.eventType, r.kind);
  } catch {
    return null;
  }
}

/** Text the full-text index sees for one event: its passage plus the names coded from it. */
export function eventBody(r: EventRecord, docText: string): string {
  const passage = r.span && r.span.end > r.span.start ? docText.slice(r.span.start, Math.min(r.span.end, r.span.start + 20_000)) : '';
  return [
    passage,
    r.kind,
    r.location?.name,
    r.location?.admin1,
    ...r.actors.map((a) => a.name),
    ...r.weapons.map((w) => w.name),
  ].filter((x) => x).join('\n');
}

export const EVENT_COLUMNS = [
  'event_type', 'sub_event_type', 'kind', 'family', 'date_start', 'date_end', 'date_precision', 'not_after', 'sort_date',
  'location_name', 'admin1', 'country', 'loc_norm', 'admin1_norm', 'country_norm', 'lat', 'lon', 'loc_precision', 'geo_precision',
  'fat_low', 'fat_best', 'fat_high', 'inj_low', 'inj_best', 'inj_high', 'civ_low', 'civ_best', 'civ_high',
  'strikes_low', 'strikes_high', 'attribution', 'historical', 'concern', 'actors', 'weapons', 'body', 'record',
] as const;

/** Column values (in EVENT_COLUMNS order) for one record. `fallbackDate` orders undated events. */
export function eventColumnValues(r: EventRecord, body: string, fallbackDate: string | null): SqlValue[] {
  const loc = r.location;
  const sortDate = day(r.date?.start) ?? day(r.date?.notAfter) ?? day(fallbackDate) ?? '';
  return [
    r.eventType, r.subEventType, r.kind ?? '', familyOfRecord(r), day(r.date?.start), day(r.date?.end), r.date?.precision ?? 'unknown',
    day(r.date?.notAfter), sortDate,
    loc?.name ?? null, loc?.admin1 ?? null, loc?.country ?? null, norm(loc?.name), norm(loc?.admin1), countryNorm(loc?.country),
    loc?.lat ?? null, loc?.lon ?? null, loc?.precision ?? null, loc?.geoPrecision ?? null,
    ...range(r.fatalities), ...range(r.injured), ...range(r.civilianFatalities),
    r.strikes?.low ?? null, r.strikes?.high ?? null, r.attribution?.status ?? 'stated', r.historical ? 1 : 0,
    r.weapons.some((w) => w.concern) ? 1 : 0,
    JSON.stringify(r.actors.map((a) => a.name)), JSON.stringify(r.weapons.map((w) => w.name)), body, JSON.stringify(r),
  ];
}

export type Row = Record<string, unknown>;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function toEventRow(r: Row): EventRow {
  return {
    id: Number(r.id),
    documentId: Number(r.document_id),
    incidentId: num(r.incident_id),
    key: String(r.event_key),
    eventType: str(r.event_type),
    subEventType: str(r.sub_event_type),
    kind: String(r.kind ?? ''),
    family: str(r.family),
    dateStart: str(r.date_start),
    dateEnd: str(r.date_end),
    datePrecision: String(r.date_precision),
    locationName: str(r.location_name),
    admin1: str(r.admin1),
    country: str(r.country),
    lat: num(r.lat),
    lon: num(r.lon),
    precision: str(r.loc_precision),
    geoPrecision: num(r.geo_precision),
    fatalities: rangeOf(r.fat_low, r.fat_best, r.fat_high),
    injured: rangeOf(r.inj_low, r.inj_best, r.inj_high),
    civilianFatalities: rangeOf(r.civ_low, r.civ_best, r.civ_high),
    actors: parseJson<string[]>(r.actors, []),
    weapons: parseJson<string[]>(r.weapons, []),
    concern: Number(r.concern) === 1,
    attribution: String(r.attribution),
    historical: Number(r.historical) === 1,
    status: String(r.status) as EventRow['status'],
    grade: (str(r.grade) as Grade | null),
    clusterReasons: parseJson<string[]>(r.cluster_reasons, []),
    record: parseJson<EventRecord>(r.record, {} as EventRecord),
    sourceName: str(r.source_name),
    sourceKind: str(r.source_kind) as SourceKind | null,
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}

/** Columns of events `e` (and source `s`) read for an EventSummaryRow: all stored before the wide ones (body, record). */
/** Columns of an event summary, in the order toEventSummaryArray reads them. */
const SUMMARY_FIELDS = [
  'e.id', 'e.document_id', 'e.incident_id', 'e.event_type', 'e.sub_event_type', 'e.kind', 'e.date_start', 'e.date_end',
  'e.lat', 'e.lon', 'e.location_name', 'e.admin1', 'e.country', 'e.actors', 'e.weapons', 'e.fat_low', 'e.fat_best', 'e.fat_high', 'e.concern', 'e.historical',
  'e.status', 'e.grade', 's.name AS source_name',
] as const;
export const EVENT_SUMMARY_COLUMNS = SUMMARY_FIELDS.join(', ');

/** A summary from a row of EVENT_SUMMARY_COLUMNS as an array (SQLite raw rows: no per-row object to build). */
export function toEventSummaryArray(r: readonly unknown[]): EventSummaryRow {
  return {
    id: Number(r[0]),
    documentId: Number(r[1]),
    incidentId: num(r[2]),
    eventType: str(r[3]),
    subEventType: str(r[4]),
    kind: String(r[5] ?? ''),
    dateStart: str(r[6]),
    dateEnd: str(r[7]),
    locationName: str(r[10]),
    admin1: str(r[11]),
    country: str(r[12]),
    lat: num(r[8]),
    lon: num(r[9]),
    fatalities: rangeOf(r[15], r[16], r[17]),
    actors: parseJson<string[]>(r[13], []),
    weapons: parseJson<string[]>(r[14], []),
    concern: Number(r[18]) === 1,
    historical: Number(r[19]) === 1,
    status: String(r[20]) as EventRow['status'],
    grade: (str(r[21]) as Grade | null),
    sourceName: str(r[22]),
  };
}

export function toEventSummaryRow(r: Row): EventSummaryRow {
  return toEventSummaryArray([
    r.id, r.document_id, r.incident_id, r.event_type, r.sub_event_type, r.kind, r.date_start, r.date_end, r.lat, r.lon, r.location_name,
    r.admin1, r.country, r.actors, r.weapons, r.fat_low, r.fat_best, r.fat_high, r.concern, r.historical, r.status, r.grade, r.source_name,
  ]);
}

export function toIncidentRow(r: Row): IncidentRow {
  return {
    id: Number(r.id),
    family: str(r.family),
    eventType: str(r.event_type),
    subEventType: str(r.sub_event_type),
    kind: str(r.kind),
    dateStart: str(r.date_start),
    dateEnd: str(r.date_end),
    locationName: str(r.location_name),
    admin1: str(r.admin1),
    country: str(r.country),
    lat: num(r.lat),
    lon: num(r.lon),
    precision: str(r.loc_precision),
    fatalities: rangeOf(r.fat_low, r.fat_best, r.fat_high),
    grade: str(r.grade) as Grade | null,
    reasons: parseJson<string[]>(r.reasons, []),
    actors: parseJson<string[]>(r.actors, []),
    weapons: parseJson<string[]>(r.weapons, []),
    eventCount: Number(r.event_count),
    documentCount: Number(r.document_count),
    sourceCount: Number(r.source_count),
    status: String(r.status) as IncidentRow['status'],
    mergedInto: num(r.merged_into),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}

export function toDocumentRow(r: Row, withText: boolean): DocumentRow {
  return {
    id: Number(r.id),
    sha256: String(r.sha256),
    key: String(r.doc_key),
    sourceId: num(r.source_id),
    sourceName: str(r.source_name),
    sourceKind: str(r.source_kind) as SourceKind | null,
    url: str(r.url),
    title: str(r.title),
    language: str(r.language),
    published: str(r.published),
    capturedAt: String(r.captured_at),
    mediaType: String(r.media_type),
    origin: String(r.origin),
    ...(withText ? { text: String(r.text ?? '') } : {}),
    eventCount: Number(r.event_count),
    createdAt: String(r.created_at),
  };
}

/** Keyset cursor over (sort_date, id), newest first. */
export function encodeCursor(sortDate: string, id: number): string {
  return Buffer.from(JSON.stringify([sortDate, id])).toString('base64url');
}
export function decodeCursor(c: string | undefined): [string, number] | null {
  if (!c) return null;
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'string' && Number.isInteger(v[1])) return [v[0], v[1] as number];
  } catch {
    /* fall through */
  }
  return null;
}

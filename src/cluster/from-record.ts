/**
 * EventRecord (extractor output) + document metadata -> ClusterEvent. Used by the store when
 * documents arrive and by `vigil eval` to score clustering on gold incidents.
 */
import type { EventRecord } from '../model/event.js';
import type { ClusterEvent, EventFamily, SourceKind } from './types.js';
import families from './families.json' with { type: 'json' };
import { fingerprint } from './near-duplicate.js';

/** Document / source metadata the EventRecord lacks. */
export interface RecordMeta {
  /** Publisher / channel; defaults to the document id (each document its own source). */
  sourceName?: string | null;
  sourceKind?: SourceKind | null;
  /** Publication date (YYYY-MM-DD or ISO) used as notAfter for undated events. */
  published?: string | null;
  captured?: string | null;
  /** The report's text: its fingerprint lets near-duplicate reports count as one source. */
  text?: string | null;
}

const BY_TYPE = families.byEventType as Record<string, EventFamily>;
const BY_KIND = families.byKind as [string, EventFamily][];

/** Clustering family from the ACLED event type, else from keywords of the finer kind. */
export function familyOf(eventType: string | null, kind?: string): EventFamily {
  if (eventType && BY_TYPE[eventType]) return BY_TYPE[eventType];
  const k = (kind ?? '').toLowerCase();
  for (const [word, fam] of BY_KIND) if (k.includes(word)) return fam;
  return families.default as EventFamily;
}

const ROLE_ORDER: Record<string, number> = { perpetrator: 0, participant: 1, target: 2, victim: 3 };

export function clusterEventFromRecord(record: EventRecord, meta: RecordMeta = {}): ClusterEvent {
  const loc = record.location;
  const actors: string[] = [];
  for (const a of [...record.actors].sort((x, y) => (ROLE_ORDER[x.role] ?? 9) - (ROLE_ORDER[y.role] ?? 9))) {
    // Civilians are victims, not a side: leaving them out keeps "compatible actors" about the belligerents.
    if (a.category === 'civilians') continue;
    if (!actors.includes(a.name)) actors.push(a.name);
  }
  const day = (s: string | null | undefined) => (s && /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : null);
  const start = day(record.date?.start);
  const hasCoords = loc && loc.lat != null && loc.lon != null && Number.isFinite(loc.lat) && Number.isFinite(loc.lon);
  return {
    id: record.id,
    docId: record.docId,
    family: familyOf(record.eventType, record.kind),
    eventType: record.eventType,
    subEventType: record.subEventType,
    kind: record.kind,
    date: start ? { start, end: day(record.date.end) ?? start } : null,
    notAfter: day(record.date?.notAfter) ?? day(meta.published) ?? day(meta.captured),
    lat: hasCoords ? loc!.lat : null,
    lon: hasCoords ? loc!.lon : null,
    precision: loc ? (hasCoords ? loc.precision : loc.precision === 'unknown' ? 'unknown' : loc.precision) : 'unknown',
    place: loc?.name ?? null,
    admin1: loc?.admin1 ?? null,
    country: loc?.country ?? null,
    actors,
    fatalities: record.fatalities ? { ...record.fatalities } : null,
    sourceName: meta.sourceName || record.docId,
    fingerprint: meta.text ? fingerprint(meta.text) : null,
    sourceKind: meta.sourceKind ?? 'unknown',
    attribution: record.attribution?.status ?? 'stated',
    officialConfirmation: record.attribution?.officialConfirmation ?? null,
  };
}

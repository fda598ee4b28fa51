import type { EventRecord } from '../model/event.js';
import type { ClusterEvent, EventFamily, SourceKind } from './types.js';
/** Document / source metadata the EventRecord lacks. */
export interface RecordMeta {
  /** Publisher / channel; defaults to the document id (each document its own source). */
  sourceName?: string | null;
  sourceKind?: SourceKind | null;
  /** Publication date (YYYY-MM-DD or ISO) used as notAfter for undated events. */
  published?: string | null;
  captured?: string | null;
}
export function familyOf(eventType: string | null, kind?: string): EventFamily { void eventType; void kind; throw new Error('not implemented'); }
export function clusterEventFromRecord(record: EventRecord, meta: RecordMeta = {}): ClusterEvent { void record; void meta; throw new Error('not implemented'); }

/**
 * Incident clustering and grading (issue #4 item 5): pure, incremental functions.
 *
 * - `clusterEventFromRecord(record, meta)` turns an extractor EventRecord (+ document / source
 *   metadata) into a `ClusterEvent`. `vigil eval` and the store both use it.
 * - `matchIncident(ev, candidates, opts)` scores one event against candidate incidents and says why.
 * - `new Clusterer(opts)` keeps a spatial / temporal index of incident summaries: `add(ev)` assigns
 *   one event at a time in arrival order (what the store does as documents arrive; seed it with
 *   existing incidents via `load(incidents)`).
 * - `clusterEvents(events, opts)` is the batch form of the same thing.
 * - `summarizeIncident(members)` gives fatalities low / best / high (UCDP) and an Airwars-style
 *   grade (confirmed / fair / weak / contested / discounted) with reasons.
 * Defaults for every option are in `DEFAULT_CLUSTER_OPTIONS` (documented in ./types.ts).
 */
export type {
  EventFamily,
  SourceKind,
  Grade,
  LowBestHigh,
  ClusterEvent,
  IncidentSummary,
  ClusterOptions,
  MatchResult,
  ClusterResult,
  IncidentGrade,
} from './types.js';
export { DEFAULT_CLUSTER_OPTIONS, joinableFamilies, matchIncident, scorePair, Clusterer, clusterEvents, newIncident, addToIncident } from './cluster.js';
export { summarizeIncident } from './grade.js';
export { clusterEventFromRecord, familyOf } from './from-record.js';
export type { RecordMeta } from './from-record.js';

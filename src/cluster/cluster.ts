import type { ClusterEvent, ClusterOptions, ClusterResult, IncidentSummary, MatchResult } from './types.js';
export const DEFAULT_CLUSTER_OPTIONS: Required<ClusterOptions> = {
  kmByPrecision: { exact: 10, near: 25, district: 40, province: 120, country: 600, unknown: Infinity },
  dateToleranceDays: 1,
  undatedWindowDays: 3,
  minScore: 0.5,
  requireCompatibleActors: true,
  requireSameAdmin1: true,
  maxIncidentSpanDays: 30,
};
/** Score one event against one incident: 0 when incompatible, with reasons. */
export function scorePair(ev: ClusterEvent, inc: IncidentSummary, opts: ClusterOptions = {}): { score: number; reasons: string[] } { void ev; void inc; void opts; throw new Error('not implemented'); }
export function matchIncident(ev: ClusterEvent, candidates: readonly IncidentSummary[], opts: ClusterOptions = {}): MatchResult { void ev; void candidates; void opts; throw new Error('not implemented'); }
export function newIncident(id: string, ev: ClusterEvent): IncidentSummary { void id; void ev; throw new Error('not implemented'); }
export function addToIncident(inc: IncidentSummary, ev: ClusterEvent): IncidentSummary { void inc; void ev; throw new Error('not implemented'); }
export class Clusterer {
  constructor(opts: ClusterOptions = {}, idFor?: (ev: ClusterEvent, n: number) => string) { void opts; void idFor; }
  load(incidents: readonly IncidentSummary[]): void { void incidents; throw new Error('not implemented'); }
  add(ev: ClusterEvent): MatchResult & { incidentId: string; created: boolean } { void ev; throw new Error('not implemented'); }
  incidents(): IncidentSummary[] { throw new Error('not implemented'); }
}
export function clusterEvents(events: Iterable<ClusterEvent>, opts: ClusterOptions = {}): ClusterResult { void events; void opts; throw new Error('not implemented'); }

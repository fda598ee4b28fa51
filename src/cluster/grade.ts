import type { ClusterEvent, IncidentGrade } from './types.js';
export function summarizeIncident(members: readonly ClusterEvent[]): IncidentGrade { void members; throw new Error('not implemented'); }

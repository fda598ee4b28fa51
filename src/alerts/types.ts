/** Saved searches (alerts) and what they deliver. */
import type { EventQuery, Grade } from '../store/types.js';

/** The filters of `vigil events` a saved search keeps (no paging). */
export type AlertFilters = Pick<EventQuery, 'since' | 'until' | 'bbox' | 'place' | 'type' | 'actor' | 'weapon' | 'grade' | 'text'>;

/** Conditions on the incident change itself, ANDed with the filters. */
export interface AlertConditions {
  /** Only incidents that this report opened (not reports joining an existing incident). */
  newIncident?: boolean;
  /** Only when the incident's grade differs from the grade this alert last saw. */
  gradeChanged?: boolean;
  /** Only incidents with at least this many fatalities (best estimate, or high when no best). */
  minFatalities?: number;
}

export interface AlertRow {
  id: number;
  name: string;
  filters: AlertFilters;
  conditions: AlertConditions;
  webhookUrl: string | null;
  /** HMAC-SHA256 key of the webhook signature. */
  webhookSecret: string | null;
  email: string | null;
  enabled: boolean;
  createdAt: string;
}

export type ChangeKind = 'new-incident' | 'incident-changed' | 'grade-changed';

/** What a webhook receives (JSON body), what an email and an Atom entry say. */
export interface AlertPayload {
  /** The delivery's id: the same change is never delivered under two ids (receivers may dedupe on it). */
  deliveryId: number;
  alert: string;
  change: ChangeKind;
  /** The report whose events made the change (null: a reviewer's change, see reviewActionId). */
  documentId: number | null;
  incident: {
    id: number;
    eventType: string | null;
    subEventType: string | null;
    dateStart: string | null;
    dateEnd: string | null;
    place: string | null;
    admin1: string | null;
    country: string | null;
    lat: number | null;
    lon: number | null;
    fatalities: { low: number; best: number; high: number } | null;
    grade: Grade | null;
    previousGrade: Grade | null;
    eventCount: number;
    sourceCount: number;
    weapons: string[];
  };
  /** "possible duplicate of incident N": a new incident near an existing one in place, time and type. */
  possibleDuplicateOf: number | null;
  note: string | null;
  at: string;
}

export interface DeliveryRow {
  id: number;
  alertId: number;
  incidentId: number;
  changeKey: string;
  changeKind: ChangeKind;
  payload: AlertPayload;
  createdAt: string;
  webhookState: 'none' | 'pending' | 'sent' | 'failed';
  emailState: 'none' | 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  deliveredAt: string | null;
}

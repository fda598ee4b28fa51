/**
 * Incident clustering types (issue #4 item 5). Pure data: no database, no I/O.
 * The store persists `IncidentSummary` rows and the event -> incident assignments; it re-runs
 * `summarizeIncident` whenever an incident gains or loses a member (grade recomputed as reports arrive).
 */
import type { LocationPrecision } from '../model/toponym.js';

/** Coarse event family: two events only ever join when their families are equal. */
export type EventFamily = 'battle' | 'remote' | 'civilian' | 'protest' | 'riot' | 'strategic';

export type SourceKind = 'official' | 'independent-media' | 'social-media' | 'observer' | 'ngo' | 'unknown';

export type Grade = 'confirmed' | 'fair' | 'weak' | 'contested' | 'discounted';

export interface LowBestHigh { low: number; best: number; high: number }

/** One event of one report, reduced to what clustering and grading need. */
export interface ClusterEvent {
  /** EventRecord.id (`${docId}#${n}`). */
  id: string;
  docId: string;
  family: EventFamily;
  eventType: string | null;
  subEventType: string | null;
  kind: string;
  /** YYYY-MM-DD bounds, or null when the report gives no date (then `notAfter` bounds it). */
  date: { start: string; end: string } | null;
  /** Latest possible day for an undated event (publication / capture date), YYYY-MM-DD. */
  notAfter?: string | null;
  lat: number | null;
  lon: number | null;
  precision: LocationPrecision;
  /** Place name as resolved (for explanations and name matching when coordinates are missing). */
  place?: string | null;
  admin1: string | null;
  /** ISO 3166-1 alpha-2 where known. */
  country: string | null;
  /** Normalized actor names (ACLED-style), perpetrators first. */
  actors: string[];
  fatalities: LowBestHigh | null;
  /** Publisher / channel of the report (independence of sources is counted by this name). */
  sourceName: string;
  /** MinHash of the report's text (near-duplicate.ts): near-duplicate reports count as one source when graded. */
  fingerprint?: number[] | null;
  sourceKind: SourceKind;
  /** How the report words it. */
  attribution: 'stated' | 'alleged' | 'claimed' | 'denied';
  /** The report says an official source confirms (true) / is silent (false) / nothing (null). */
  officialConfirmation?: boolean | null;
}

/** Running summary of an incident: what `matchIncident` compares new events against. */
export interface IncidentSummary {
  id: string;
  family: EventFamily;
  /** Event types seen (sub-event types counted). */
  subEventTypes: Record<string, number>;
  /**
   * Core dates, YYYY-MM-DD: the union of the most precisely dated members (a report saying only
   * "in October" joins an incident dated 12 October without stretching it to the whole month).
   * Null when no member is dated.
   */
  date: { start: string; end: string } | null;
  /** Date range length, in days, of the most precisely dated member (1 = one day). */
  coreSpanDays?: number;
  /** Best (most precise) location among members; centroid of the members at that precision. */
  lat: number | null;
  lon: number | null;
  precision: LocationPrecision;
  /** Members averaged into lat / lon (those at the incident's precision). */
  locationMembers?: number;
  place: string | null;
  admin1: string | null;
  country: string | null;
  /** Actor name -> number of member events naming it. */
  actors: Record<string, number>;
  /** Member event ids, in arrival order. */
  members: string[];
  /** Distinct source names. */
  sources: string[];
  /** Distinct document ids of the members. */
  docs?: string[];
}

export interface ClusterOptions {
  /**
   * Distance (km) within which a place at each precision is "the same place". Two events are
   * compatible when their distance <= max(kmByPrecision[a], kmByPrecision[b]).
   * Defaults: exact 10, near 25, district 40, province 120, country 600, unknown Infinity (place unknown never blocks).
   */
  kmByPrecision?: Partial<Record<LocationPrecision, number>>;
  /**
   * Pairs of families whose events may join one incident (default families.json "compatible": remote, civilian and
   * battle, since reports of one strike are coded as a shelling, a killing of civilians or a clash). Other pairs are refused.
   */
  compatibleFamilies?: [EventFamily, EventFamily][];
  /** Days of slack added to each side of date ranges before testing overlap. Default 1. */
  dateToleranceDays?: number;
  /** An undated event may match incidents dated within this many days before its notAfter. Default 3. */
  undatedWindowDays?: number;
  /** Minimum score when one side has no date (not even a publication date): place, actors and type must agree. Default 0.6. */
  undatedMinScore?: number;
  /** Minimum score (0..1) to join an incident. Default 0.5. */
  minScore?: number;
  /**
   * Refuse a join when both the event and the incident name two or more actors and share none
   * (different dyads). A single differing perpetrator is allowed (competing claims -> contested). Default true.
   */
  requireCompatibleActors?: boolean;
  /** Two located events in different admin1 are incompatible (unless within exact distance). Default true. */
  requireSameAdmin1?: boolean;
  /**
   * An incident's core dates may cover at most (its most precise member's range + this many days):
   * day-by-day reports of a siege do not chain into one month-long incident. Default 1.
   */
  maxSpanGrowthDays?: number;
  /** Longest incident span indexed, in days (older days of a long incident are not searched). Default 30. */
  maxIncidentSpanDays?: number;
  /** Refuse a join when either side has no place at all (no coordinates, admin1 or name). Default true. */
  requireKnownPlace?: boolean;
  /**
   * Let two events of the same document join one incident. Default false: the extractor already
   * merges duplicate mentions, so separate events of one report are separate incidents.
   */
  joinSameDocument?: boolean;
}

export interface MatchResult {
  /** The incident the event joins, or null for a new incident. */
  incidentId: string | null;
  score: number;
  /** Human-readable reasons: why it joined (or why the best candidate was refused). */
  explanation: string[];
}

export interface ClusterResult {
  /** Event id -> incident id. */
  assignments: Map<string, string>;
  incidents: IncidentSummary[];
  /** Event id -> explanation of its join (or creation) decision. */
  explanations: Map<string, string[]>;
}

export interface IncidentGrade {
  /** UCDP convention across reports: low = lowest credible figure, best = most reliable/median, high = highest. */
  fatalities: LowBestHigh | null;
  grade: Grade;
  /** Why this grade (Airwars-style criteria). */
  reasons: string[];
  /** Number of independent sources (distinct source names, social-media reposts counted once per channel). */
  independentSources: number;
}

/** The JSON API, as the web app sees it (shapes mirror src/server/dto.ts). */

export type Role = 'viewer' | 'analyst' | 'admin';
export interface Me {
  user: { id: string; name: string; role: Role };
  csrfToken: string;
}

export interface Range {
  low: number;
  best: number;
  high: number;
}

export interface EventSummary {
  id: number;
  documentId: number;
  incidentId: number | null;
  eventType: string | null;
  subEventType: string | null;
  kind: string;
  date: string | null;
  dateEnd: string | null;
  lat: number | null;
  lon: number | null;
  place: string | null;
  admin1: string | null;
  country: string | null;
  actors: string[];
  weapons: string[];
  fatalities: number | null;
  grade: string | null;
  status: string;
  source: string | null;
}

export interface EvidenceSpan {
  start: number;
  end: number;
  field: string;
}

export interface Report {
  documentId: number;
  eventId: number;
  title: string | null;
  url: string | null;
  source: { id: number | null; name: string; kind: string } | null;
  publishedAt: string | null;
  lang: string | null;
  excerpt: string;
  excerptStart: number;
  /** Offsets into `excerpt`. */
  evidence: EvidenceSpan[];
}

export interface IncidentSummary {
  id: number;
  eventType: string | null;
  subEventType: string | null;
  kind: string | null;
  date: string | null;
  dateEnd: string | null;
  place: string | null;
  admin1: string | null;
  country: string | null;
  lat: number | null;
  lon: number | null;
  /** Older servers leave it out. */
  precision?: string | null;
  fatalities: Range | null;
  grade: string | null;
  reasons: string[];
  actors: string[];
  weapons: string[];
  eventCount: number;
  reportCount: number;
  sourceCount: number;
  status: string;
  mergedInto: number | null;
}

export interface ReviewEntry {
  id: number;
  at: string;
  user: string;
  action: string;
  targetKind: string;
  targetId: number;
  field: string | null;
  before: unknown;
  after: unknown;
  note: string | null;
}

export interface ActorRole {
  name: string;
  role: string;
  category: string;
  reports: number;
}

export interface IncidentDetail extends IncidentSummary {
  events: EventSummary[];
  reports: Report[];
  review: ReviewEntry[];
  /** Older servers leave these out. */
  actorRoles?: ActorRole[];
  weaponDetails?: { name: string; category: string; concern: boolean; reports: number }[];
  injured?: Range | null;
  civilianFatalities?: Range | null;
  strikes?: { low: number | null; high: number | null } | null;
  attribution?: { statuses: { status: string; reports: number }[]; reporters: { name: string; kind: string }[]; officialConfirmation: boolean | null };
}

/** A merge candidate from GET /api/incidents/:id/nearby. */
export interface NearbyIncident extends IncidentSummary {
  distanceKm: number | null;
  daysApart: number | null;
}

export interface ReviewResult {
  actions: ReviewEntry[];
  incidentId?: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** One field that failed validation (the API's `details`). */
export interface ErrorDetail {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

/** What an analyst needs to fix a failed request: the catalogue code, its message and the fields at fault. */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) {
    const fields = e.details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ');
    return `${e.code}: ${e.message}${fields ? ` — ${fields}` : ''}`;
  }
  if (e instanceof TypeError) return `Network error: the server did not answer (${e.message}). Check that vigil serve is running.`;
  return `Error: ${e instanceof Error ? e.message : String(e)}`;
}

function detailsOf(d: unknown): ErrorDetail[] {
  if (!Array.isArray(d)) return [];
  return d
    .slice(0, 20)
    .filter((x): x is { path?: unknown; message?: unknown } => typeof x === 'object' && x !== null)
    .map((x) => ({ path: typeof x.path === 'string' ? x.path : '', message: typeof x.message === 'string' ? x.message : '' }))
    .filter((x) => x.message);
}

let csrfToken = '';
export function setCsrf(t: string): void {
  csrfToken = t;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => ({}))) as { code?: string; message?: string; details?: unknown };
  if (!res.ok) throw new ApiError(res.status, data.code ?? 'VIGIL_ERR_INTERNAL', data.message ?? res.statusText, detailsOf(data.details));
  return data as T;
}

export function qs(params: Record<string, string | number | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

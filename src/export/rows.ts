/**
 * Helpers that derive ACLED codes (inter, interaction, iso, region, time precision, disorder type)
 * and build an ExportRow from an extractor EventRecord plus store metadata.
 */
import type { EventRecord } from '../model/event.js';
import type { ExportRow } from './types.js';
import countries from './countries.json' with { type: 'json' };

export interface RowMeta {
  incidentId?: string | null;
  grade?: string | null;
  /** Publisher names of the reports behind the row (CSV `source`). */
  sources?: string[];
  /** Their kinds (CSV `source_scale`, e.g. "observer; independent-media"). */
  sourceKinds?: string[];
  /** Last change (CSV `timestamp`). */
  updatedAt?: string | Date | number | null;
  notes?: string | null;
}

/** ACLED inter codes by Vigil actor category (ACLED codebook: 1 state forces … 8 external / other forces). */
const INTER: Record<string, number> = {
  state: 1,
  rebel: 2,
  'political-militia': 3,
  'identity-militia': 4,
  rioters: 5,
  protesters: 6,
  civilians: 7,
  external: 8,
  other: 8,
};

export function interCode(category: string | null | undefined): number | null {
  return category ? (INTER[category] ?? null) : null;
}

/** ACLED interaction: the two inter codes, smaller first (17 = state forces vs civilians); 10 x code when alone. */
export function interactionCode(inter1: number | null | undefined, inter2: number | null | undefined): number | null {
  if (!inter1 && !inter2) return null;
  if (!inter1 || !inter2) return 10 * (inter1 || inter2)!;
  return 10 * Math.min(inter1, inter2) + Math.max(inter1, inter2);
}

type CountryTable = Record<string, [number, string, string]>;
const TABLE = countries.countries as unknown as CountryTable;
let byName: Map<string, string> | undefined;

/** ISO numeric, English name and ACLED region for an ISO alpha-2 code or a country name ("Syria", "SY"). */
export function countryInfo(country: string | null | undefined): { alpha2: string; numeric: number; name: string; region: string } | null {
  if (!country) return null;
  const c = country.trim();
  let a2: string | undefined = c.length === 2 ? c.toUpperCase() : undefined;
  if (!a2 || !TABLE[a2]) {
    byName ??= new Map(Object.entries(TABLE).map(([k, v]) => [v[1].toLowerCase(), k]));
    a2 = byName.get(c.toLowerCase());
  }
  if (!a2 || !TABLE[a2]) return null;
  const [numeric, name, region] = TABLE[a2];
  return { alpha2: a2, numeric, name, region };
}

/** ACLED time_precision: 1 = the day is known, 2 = within a week / a few days, 3 = a month or vaguer. */
export function timePrecisionOf(p: ExportRow['datePrecision'], start?: string | null, end?: string | null): 1 | 2 | 3 | null {
  switch (p) {
    case 'day':
      return 1;
    case 'week':
      return 2;
    case 'range': {
      const days = start && end ? (Date.parse(end) - Date.parse(start)) / 86_400_000 : NaN;
      return Number.isFinite(days) && days <= 7 ? 2 : 3;
    }
    case 'month':
    case 'year':
      return 3;
    default:
      return null;
  }
}

/** ACLED disorder_type from the event type (and sub-event type for excessive force / mob violence). */
export function disorderTypeOf(eventType: string | null, subEventType: string | null): string | null {
  switch (eventType) {
    case 'Battles':
    case 'Explosions/Remote violence':
    case 'Violence against civilians':
      return 'Political violence';
    case 'Protests':
      return subEventType === 'Excessive force against protesters' ? 'Political violence; Demonstrations' : 'Demonstrations';
    case 'Riots':
      return subEventType === 'Mob violence' ? 'Political violence; Demonstrations' : 'Demonstrations';
    case 'Strategic developments':
      return 'Strategic developments';
    default:
      return null;
  }
}

export function exportRowFromRecord(record: EventRecord, meta: RowMeta = {}): ExportRow {
  const perps = record.actors.filter((a) => a.role === 'perpetrator' || a.role === 'participant');
  const others = record.actors.filter((a) => a.role === 'target' || a.role === 'victim');
  const side1 = perps.length ? perps : others.slice(0, 1);
  const side2 = perps.length ? others : others.slice(1);
  const names = (xs: typeof record.actors) => [...new Set(xs.map((a) => a.name))];
  const a1 = names(side1);
  const a2 = names(side2);
  const loc = record.location;
  const tags: string[] = [];
  if (record.kind) tags.push(`kind=${record.kind}`);
  for (const w of record.weapons) tags.push(w.concern ? `weapon-of-concern=${w.name}` : `weapon=${w.name}`);
  if (record.attribution.status !== 'stated') tags.push(`attribution=${record.attribution.status}`);
  if (meta.grade) tags.push(`grade=${meta.grade}`);
  if (record.strikes?.low != null) tags.push(`strikes>=${record.strikes.low}`);
  const updated = meta.updatedAt instanceof Date ? meta.updatedAt.getTime() : typeof meta.updatedAt === 'string' ? Date.parse(meta.updatedAt) : meta.updatedAt;
  const ci = countryInfo(loc?.country);
  return {
    id: record.id,
    date: record.date.start,
    datePrecision: record.date.precision,
    eventType: record.eventType,
    subEventType: record.subEventType,
    kind: record.kind,
    actor1: a1[0] ?? null,
    assocActor1: a1.slice(1),
    actor1Category: side1.find((a) => a.name === a1[0])?.category ?? null,
    actor2: a2[0] ?? null,
    assocActor2: a2.slice(1),
    actor2Category: side2.find((a) => a.name === a2[0])?.category ?? null,
    civilianTargeting: record.eventType === 'Violence against civilians' || others.some((a) => a.category === 'civilians'),
    country: ci?.alpha2 ?? loc?.country ?? null,
    admin1: loc?.admin1 ?? null,
    admin2: loc?.admin2 ?? null,
    location: loc?.name ?? null,
    latitude: loc?.lat ?? null,
    longitude: loc?.lon ?? null,
    geoPrecision: loc?.geoPrecision ?? null,
    sources: meta.sources ?? record.attribution.reporters.map((r) => r.name),
    sourceScale: meta.sourceKinds?.length ? [...new Set(meta.sourceKinds)].join('; ') : null,
    notes: meta.notes ?? null,
    fatalities: record.fatalities?.best ?? 0,
    tags,
    timestamp: updated != null && Number.isFinite(updated) ? Math.floor(updated / 1000) : null,
    extra: {
      docId: record.docId,
      incidentId: meta.incidentId ?? null,
      grade: meta.grade ?? null,
      fatalitiesRange: record.fatalities,
      civilianFatalities: record.civilianFatalities,
      injured: record.injured,
      weapons: record.weapons.map((w) => ({ name: w.name, category: w.category, concern: w.concern })),
      attribution: record.attribution,
      historical: record.historical,
      precision: loc?.precision ?? null,
    },
  };
}

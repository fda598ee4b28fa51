/**
 * Helpers that derive ACLED codes (inter, interaction, iso, region, time precision, disorder type)
 * and build an ExportRow from an extractor EventRecord plus store metadata.
 */
import type { EventRecord } from '../model/event.js';
import type { ExportRow } from './types.js';
import countries from './countries.json' with { type: 'json' };
import acled from './acled.json' with { type: 'json' };
import { acledRecord } from './csv.js';

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
  // an actor alone: its code then 0 ("60" = protesters with no other party), as ACLED writes it
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

type Actor = EventRecord['actors'][number];
const CONVENTIONS = acled as unknown as {
  notes: Record<string, string>;
  generic: Record<string, number>;
  stateNames: string[];
  sourceScale: { kinds: Record<string, string>; order: string[] };
};

/**
 * An actor's name with ACLED's qualifier where ACLED writes one: generic groups take the country in brackets
 * ("Protesters" -> "Protesters (Sudan)", "Civilians" -> "Civilians (Syria)"), an unqualified "Police Forces" /
 * "Military Forces" becomes "Police Forces of Sudan". Names that already carry a qualifier are kept.
 */
export function acledActorName(name: string, countryName: string | null): string {
  const n = name.trim();
  if (!countryName || /\(.*\)$/.test(n) || / of [A-Z]/.test(n)) return n;
  if (CONVENTIONS.generic[n] !== undefined) return `${n} (${countryName})`;
  if (/^(Police|Military|Security) Forces$/.test(n)) return `${n} of ${countryName}`;
  return n;
}

const isStateName = (name: string) => CONVENTIONS.stateNames.some((p) => name.startsWith(p));

/** ACLED inter code of an actor: state forces by name (police, gendarmerie …) whatever category the extractor gave. */
export function actorInter(name: string, category: string | null | undefined): number {
  if (isStateName(name)) return 1;
  const bare = name.replace(/\s*\(.*\)$/, '');
  if (CONVENTIONS.generic[bare] !== undefined && !category) return CONVENTIONS.generic[bare];
  return interCode(category) ?? CONVENTIONS.generic[bare] ?? 8;
}

/** ACLED source_scale from the kinds of the sources behind a row ("New media", "National", "New media-National"). */
export function sourceScaleOf(kinds: readonly string[] | undefined): string | null {
  if (!kinds?.length) return null;
  const words = [...new Set(kinds.map((k) => CONVENTIONS.sourceScale.kinds[k] ?? 'Other'))];
  const order = CONVENTIONS.sourceScale.order;
  words.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return words.length > 2 ? `${words[0]}-${words[words.length - 1]}` : words.join('-');
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2019-04-12" -> "12 April 2019", "2019-04" -> "April 2019"; read from the string, never through a Date (no timezone). */
function dateWords(date: string | null, precision: string | undefined): string | null {
  const m = date ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(date) : null;
  if (!m) return null;
  const [, y, mo, d] = m;
  if (precision === 'year' || !mo) return `in ${y}`;
  if (precision === 'month' || !d) return `in ${MONTH_NAMES[Number(mo) - 1]} ${y}`;
  const day = `${Number(d)} ${MONTH_NAMES[Number(mo) - 1]} ${y}`;
  return precision === 'week' || precision === 'range' ? `around ${day}` : `on ${day}`;
}

/**
 * ACLED-style notes: one sentence built from the record, never empty.
 * "On 12 April 2019, Protesters (Sudan) demonstrated and were met by Police Forces of Sudan in Khartoum (Khartoum);
 * no fatalities reported (source: Khartoum Campus News)."
 */
export function acledNotes(row: ExportRow): string {
  const when = dateWords(row.date, row.datePrecision) ?? 'On an unknown date';
  const actor1 = row.actor1 ?? 'Unidentified actors';
  const phrase = (row.subEventType && CONVENTIONS.notes[row.subEventType]) ?? (row.eventType ? `were involved in ${row.eventType.toLowerCase()} with {a2}` : 'were involved in an event with {a2}');
  const a2 = row.actor2 ?? '';
  let what = a2 ? phrase.replace('{a2}', a2) : phrase.replace(/\s*(?:,\s*involving|with|against|on|from|at|by|of)?\s*\{a2\}/, '');
  what = what.replace(/\s+$/, '');
  const where = row.location ? ` in ${row.location}${row.admin1 && row.admin1 !== row.location ? ` (${row.admin1})` : ''}` : row.admin1 ? ` in ${row.admin1}` : '';
  const fat = row.fatalities ? `; ${row.fatalities} ${row.fatalities === 1 ? 'fatality' : 'fatalities'} reported` : '; no fatalities reported';
  const src = row.sources?.length ? ` (source: ${row.sources.join(', ')})` : '';
  const head = when.startsWith('On an') ? when : when[0].toUpperCase() + when.slice(1);
  return `${head}, ${actor1} ${what}${where}${fat}${src}.`;
}

export function exportRowFromRecord(record: EventRecord, meta: RowMeta = {}): ExportRow {
  const loc = record.location;
  const ci = countryInfo(loc?.country);
  const countryName = ci?.name ?? null;
  const protestLike = record.eventType === 'Protests' || record.eventType === 'Riots';
  // actor1 is the perpetrator (the side that acts), actor2 the other party. In Protests and Riots, actor1 is the
  // demonstrators and actor2 the force that intervened, except for excessive force, where the force is actor1.
  const perps = record.actors.filter((a) => a.role === 'perpetrator' || a.role === 'participant');
  const others = record.actors.filter((a) => a.role === 'target' || a.role === 'victim');
  let side1: Actor[] = perps;
  let side2: Actor[] = others;
  if (protestLike) {
    const crowd = record.actors.filter((a) => a.category === 'protesters' || a.category === 'rioters');
    const force = record.actors.filter((a) => !crowd.includes(a) && (a.category !== 'civilians' || isStateName(a.name)));
    const forceFirst = record.subEventType === 'Excessive force against protesters' || record.subEventType === 'Mob violence';
    side1 = forceFirst && force.length ? force : crowd.length ? crowd : perps;
    side2 = forceFirst && force.length ? crowd : force.filter((a) => !side1.includes(a));
  }
  const names = (xs: readonly Actor[]) => [...new Set(xs.map((a) => acledActorName(a.name, countryName)))];
  let a1 = names(side1);
  let a2 = names(side2).filter((n) => !a1.includes(n));
  let cat1: string | null = side1[0]?.category ?? null;
  let cat2: string | null = side2.find((a) => acledActorName(a.name, countryName) === a2[0])?.category ?? null;
  // No stated perpetrator: ACLED's conventions for who acted.
  if (!a1.length) {
    const who =
      record.eventType === 'Protests' ? 'Protesters' : record.eventType === 'Riots' ? 'Rioters' :
      record.eventType === 'Battles' || record.eventType === 'Explosions/Remote violence' || record.eventType === 'Violence against civilians' ? 'Unidentified Armed Group' : null;
    if (who) {
      a1 = [acledActorName(who, countryName)];
      cat1 = null;
    } else if (a2.length) {
      a1 = [a2[0]];
      cat1 = cat2;
      a2 = a2.slice(1);
      cat2 = null;
    }
  }
  const civiliansHit = (record.civilianFatalities?.best ?? 0) > 0 || others.some((a) => a.category === 'civilians');
  if (!a2.length && (record.eventType === 'Violence against civilians' || (record.eventType === 'Explosions/Remote violence' && civiliansHit))) {
    a2 = [acledActorName('Civilians', countryName)];
    cat2 = 'civilians';
  }
  const inter1 = a1.length ? actorInter(a1[0], cat1) : 0;
  const inter2 = a2.length ? actorInter(a2[0], cat2) : 0;
  const tags: string[] = [];
  if (record.kind) tags.push(`kind=${record.kind}`);
  for (const w of record.weapons) tags.push(w.concern ? `weapon-of-concern=${w.name}` : `weapon=${w.name}`);
  if (record.attribution.status !== 'stated') tags.push(`attribution=${record.attribution.status}`);
  if (meta.grade) tags.push(`grade=${meta.grade}`);
  if (record.strikes?.low != null) tags.push(`strikes>=${record.strikes.low}`);
  const updated = meta.updatedAt instanceof Date ? meta.updatedAt.getTime() : typeof meta.updatedAt === 'string' ? Date.parse(meta.updatedAt) : meta.updatedAt;
  const row: ExportRow = {
    id: record.id,
    // The record's own calendar day, as a string: never through a Date, so no timezone can move it.
    date: record.date.start ? record.date.start.slice(0, 10) : null,
    datePrecision: record.date.start ? record.date.precision : 'unknown',
    eventType: record.eventType,
    subEventType: record.subEventType,
    kind: record.kind,
    actor1: a1[0] ?? null,
    assocActor1: a1.slice(1),
    actor1Category: cat1,
    inter1,
    actor2: a2[0] ?? null,
    assocActor2: a2.slice(1),
    actor2Category: cat2,
    inter2,
    interaction: interactionCode(inter1, inter2),
    // Civilians are the target: violence against civilians, or a remote attack whose other party is civilians.
    civilianTargeting: record.eventType === 'Violence against civilians' || (record.eventType === 'Explosions/Remote violence' && inter2 === 7),
    country: ci?.alpha2 ?? loc?.country ?? null,
    admin1: loc?.admin1 ?? null,
    admin2: loc?.admin2 ?? null,
    location: loc?.name ?? null,
    latitude: loc?.lat ?? null,
    longitude: loc?.lon ?? null,
    geoPrecision: loc?.geoPrecision ?? null,
    sources: meta.sources ?? record.attribution.reporters.map((r) => r.name),
    sourceScale: sourceScaleOf(meta.sourceKinds) ?? (record.attribution.reporters.length ? sourceScaleOf(record.attribution.reporters.map((r) => (r as { kind?: string }).kind ?? 'unknown')) : null),
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
  row.notes ??= acledNotes(row);
  row.timePrecision = timePrecisionOf(row.datePrecision, record.date.start, record.date.end);
  row.disorderType = disorderTypeOf(row.eventType, row.subEventType);
  return row;
}

/**
 * The row with every ACLED value the CSV derives filled in (inter codes, interaction, notes, time precision, disorder
 * type, civilian targeting, iso, region), so that JSON Lines carries the same fields as the CSV and GeoJSON.
 */
export function withAcledFields(row: ExportRow): ExportRow {
  const rec = acledRecord(row);
  const n = (v: string) => (v === '' ? null : Number(v));
  return {
    ...row,
    date: rec.event_date || null,
    timePrecision: n(rec.time_precision) as ExportRow['timePrecision'],
    disorderType: rec.disorder_type || null,
    inter1: n(rec.inter1),
    inter2: n(rec.inter2),
    interaction: n(rec.interaction),
    civilianTargeting: rec.civilian_targeting !== '',
    iso: n(rec.iso),
    region: rec.region || null,
    sourceScale: rec.source_scale || null,
    notes: rec.notes,
  };
}

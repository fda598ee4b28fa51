/**
 * An event record: what a careful ACLED / Airwars coder would record from a report,
 * with evidence (spans of Doc.text and the rules that produced them) for every field.
 */
import type { Span } from './document.js';
import type { LocationPrecision } from './toponym.js';

export const ACLED_TAXONOMY = {
  Battles: ['Armed clash', 'Government regains territory', 'Non-state actor overtakes territory'],
  'Explosions/Remote violence': [
    'Chemical weapon',
    'Air/drone strike',
    'Suicide bomb',
    'Shelling/artillery/missile attack',
    'Remote explosive/landmine/IED',
    'Grenade',
  ],
  'Violence against civilians': ['Sexual violence', 'Attack', 'Abduction/forced disappearance'],
  Protests: ['Peaceful protest', 'Protest with intervention', 'Excessive force against protesters'],
  Riots: ['Violent demonstration', 'Mob violence'],
  'Strategic developments': [
    'Agreement',
    'Arrests',
    'Change to group/activity',
    'Disrupted weapons use',
    'Headquarters or base established',
    'Looting/property destruction',
    'Non-violent transfer of territory',
    'Other',
  ],
} as const;

export type AcledEventType = keyof typeof ACLED_TAXONOMY;
export type AcledSubEventType = (typeof ACLED_TAXONOMY)[AcledEventType][number];

export function eventTypeOf(sub: AcledSubEventType): AcledEventType {
  for (const [type, subs] of Object.entries(ACLED_TAXONOMY)) {
    if ((subs as readonly string[]).includes(sub)) return type as AcledEventType;
  }
  throw new Error(`unknown ACLED sub-event type: ${sub}`);
}

export interface Evidence extends Span {
  text: string;
  rule: string;
}

export type ActorRole = 'perpetrator' | 'target' | 'victim' | 'participant';

export interface EventActor {
  /** Normalized ACLED-style name ("Military Forces of Russia"). */
  name: string;
  actorId: string | null;
  category: string;
  role: ActorRole;
  /** The words in the text. */
  mention: string;
}

export interface EventWeapon {
  name: string;
  weaponId: string;
  category: string;
  concern: boolean;
}

export interface Range {
  low: number;
  best: number;
  high: number;
}

export interface EventDate {
  /** YYYY-MM-DD, or null when the text gives no date (never invented). */
  start: string | null;
  end: string | null;
  precision: 'day' | 'week' | 'month' | 'year' | 'range' | 'unknown';
  relative: boolean;
  /** For undated events: the latest the event can be (publication or capture date). */
  notAfter: string | null;
}

export interface EventLocation {
  name: string;
  /** The words in the text naming the place. */
  mention: string;
  lat: number | null;
  lon: number | null;
  country: string | null;
  admin1: string | null;
  admin2: string | null;
  placeId: string | null;
  precision: LocationPrecision;
  geoPrecision: 1 | 2 | 3 | null;
  confidence: number;
}

export interface EventAttribution {
  /** stated: reported as fact; alleged / claimed / denied: hedged by the text. */
  status: 'stated' | 'alleged' | 'claimed' | 'denied';
  /** Who reports it ("SOHR", "activists", "independent media"). */
  reporters: { name: string; kind: string }[];
  /** true: an official source confirms; false: the text says official sources are silent; null: not said. */
  officialConfirmation: boolean | null;
}

export interface EventRecord {
  /** `${docId}#${n}` */
  id: string;
  docId: string;
  eventType: AcledEventType | null;
  subEventType: AcledSubEventType | null;
  /** Finer description where ACLED is coarse: "shoot-down", "desecration of remains", "air strike". */
  kind: string;
  date: EventDate;
  location: EventLocation | null;
  actors: EventActor[];
  weapons: EventWeapon[];
  fatalities: Range | null;
  injured: Range | null;
  civilianFatalities: Range | null;
  strikes: { low: number | null; high: number | null } | null;
  attribution: EventAttribution;
  /** Background mention of a past event: never a current event. */
  historical: boolean;
  /** Span of the text that describes the event (its sentences). */
  span: Span;
  /** Field name -> evidence spans. */
  evidence: Record<string, Evidence[]>;
  extractor: { name: 'vigil'; version: string; rules: string[] };
}

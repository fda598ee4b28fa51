/**
 * The field resolvers used by 50-assemble: (doc, EventScope) -> FieldResult {value, evidence, rules}.
 * Each lives in its own module; this file keeps the names 50-assemble imports.
 */
import type { EventActor, EventAttribution, EventDate, EventWeapon, Range } from '../../model/event.js';
import type { FieldResolver } from './types.js';
import { resolveEventActors } from './actors.js';
import { resolveEventWeapons } from './weapons.js';
import { resolveEventAttribution } from './attribution.js';
import { resolveCasualties, resolveStrikeCount } from './casualties.js';
import { resolveEventDate } from './date.js';

export type { EventScope, FieldResult, FieldResolver } from './types.js';
export { documentScope } from './scope.js';

/** Reported deaths: coder's notes first, then counts in prose (sums within a sentence, ACLED vague figures). */
export const resolveFatalities: FieldResolver<Range | null> = (doc, scope) => resolveCasualties(doc, scope, { kind: 'death', coded: true });
/** Reported injured, counted like fatalities with injury words. */
export const resolveInjured: FieldResolver<Range | null> = (doc, scope) => resolveCasualties(doc, scope, { kind: 'injury' });
/** Deaths whose noun phrase names civilians ("two children", "five villagers"). */
export const resolveCivilianFatalities: FieldResolver<Range | null> = (doc, scope) => resolveCasualties(doc, scope, { kind: 'death', civiliansOnly: true });
/** Number of strikes or attacks ("more than 120 air strikes" -> low 121). */
export const resolveStrikes: FieldResolver<{ low: number | null; high: number | null } | null> = resolveStrikeCount;
export const resolveDate: FieldResolver<EventDate> = resolveEventDate;
/** Actors in roles (perpetrator first), normalized through the actor registry. */
export const resolveActors: FieldResolver<EventActor[]> = resolveEventActors;
/** Weapons and platforms, with the humanitarian-concern flag. */
export const resolveWeapons: FieldResolver<EventWeapon[]> = resolveEventWeapons;
/** stated / alleged / claimed / denied, reporters, official confirmation. */
export const resolveAttribution: FieldResolver<EventAttribution> = resolveEventAttribution;

/**
 * The field resolvers used by 50-assemble. PLACEHOLDERS until the fields are built:
 * each returns the "nothing found" value. Owners replace the bodies (keep the signatures).
 */
import type { EventActor, EventAttribution, EventDate, EventWeapon, Range } from '../../model/event.js';
import { emptyResult, type FieldResolver } from './types.js';

export type { EventScope, FieldResult, FieldResolver } from './types.js';

export const resolveFatalities: FieldResolver<Range | null> = () => emptyResult(null);
export const resolveInjured: FieldResolver<Range | null> = () => emptyResult(null);
export const resolveCivilianFatalities: FieldResolver<Range | null> = () => emptyResult(null);
export const resolveStrikes: FieldResolver<{ low: number | null; high: number | null } | null> = () => emptyResult(null);
export const resolveDate: FieldResolver<EventDate> = (doc) =>
  emptyResult({ start: null, end: null, precision: 'unknown', relative: false, notAfter: doc.published ?? doc.captured ?? null });
export const resolveActors: FieldResolver<EventActor[]> = () => emptyResult([]);
export const resolveWeapons: FieldResolver<EventWeapon[]> = () => emptyResult([]);
export const resolveAttribution: FieldResolver<EventAttribution> = () =>
  emptyResult({ status: 'stated', reporters: [], officialConfirmation: null });

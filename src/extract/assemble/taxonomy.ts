import { ACLED_TAXONOMY, type AcledEventType, type AcledSubEventType } from '../../model/event.js';

const SUBS = new Set<string>(Object.values(ACLED_TAXONOMY).flat());

export function isEventType(s: string): s is AcledEventType {
  return Object.prototype.hasOwnProperty.call(ACLED_TAXONOMY, s);
}
export function isSubEventType(s: string): s is AcledSubEventType {
  return SUBS.has(s);
}

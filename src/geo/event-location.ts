/**
 * Picks where an event happened among the places its text names
 * ("Russian jets from Hmeimim struck Saraqib" -> Saraqib, not Hmeimim).
 * PLACEHOLDER until the geoparser is built: returns null. Keep the signature.
 */
import type { Doc, Span } from '../model/document.js';
import type { EventLocation } from '../model/event.js';
import type { FieldResult } from '../extract/fields/types.js';

export function pickEventLocation(_doc: Doc, _span: Span): FieldResult<EventLocation | null> {
  return { value: null, evidence: [], rules: [] };
}

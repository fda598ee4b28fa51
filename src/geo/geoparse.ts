/**
 * Geoparser entry point: text (+ optional actor spans) -> Toponym[] (recognized and resolved).
 *
 *   geoparse("Russian jets from Hmeimim struck Saraqib") ->
 *     [Russian (adjective, RU), Hmeimim (Hmeimim Air Base), Saraqib (Sarāqib, 35.864 N 36.806 E)]
 */
import type { Toponym } from '../model/toponym.js';
import { getGazetteer, type Gazetteer } from './gazetteer.js';
import { recognize, type RecognizeOptions } from './recognize.js';
import { resolveMatches, type ResolveOptions } from './resolve.js';

export interface GeoparseOptions extends RecognizeOptions, ResolveOptions {
  gazetteer?: Gazetteer;
}

/** Toponym flag set by recognition for names inside organization names ("The Washington Post"). */
export const EMBEDDED_RULE_PREFIX = 'embedded:';

export function geoparse(text: string, opts: GeoparseOptions = {}): Toponym[] {
  const gz = opts.gazetteer ?? getGazetteer();
  const matches = recognize(text, gz, opts);
  return resolveMatches(matches, opts);
}

export function isEmbedded(t: Toponym): boolean {
  return t.rule.startsWith(EMBEDDED_RULE_PREFIX);
}

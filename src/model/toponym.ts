/** A place name found in a document, and what the geoparser resolved it to. */
import type { Span } from './document.js';

/** Vigil's precision vocabulary, and the ACLED geo_precision code it maps to. */
export type LocationPrecision = 'exact' | 'near' | 'district' | 'province' | 'country' | 'unknown';

export const ACLED_GEO_PRECISION: Record<LocationPrecision, 1 | 2 | 3 | null> = {
  exact: 1,
  near: 2,
  district: 2,
  province: 3,
  country: 3,
  unknown: null,
};

export interface PlaceCandidate {
  /** GeoNames id, or a stable id for OurAirports / user-imported places ("ap:OS59", "local:..."). */
  id: string;
  name: string;
  lat: number;
  lon: number;
  /** ISO 3166-1 alpha-2. */
  country: string;
  admin1: string | null;
  admin2: string | null;
  /** GeoNames feature class and code (P/PPL, A/ADM1, S/AIRB ...). */
  featureClass: string;
  featureCode: string;
  population: number;
  score: number;
}

export interface Toponym extends Span {
  text: string;
  /** The chosen candidate (null when nothing in the gazetteer fits). */
  resolved: PlaceCandidate | null;
  /** Runner-up candidates, best first. */
  alternatives: PlaceCandidate[];
  confidence: number;
  /** Precision a coder would give an event located here ("near X" -> near, "X province" -> province). */
  precision: LocationPrecision;
  /** Rule that recognized the name ("gazetteer", "context:the-town-of", "adjective"). */
  rule: string;
  /** Adjectival mention ("Syrian", "Turkish"): a country reference, not an event location. */
  adjectival?: boolean;
}

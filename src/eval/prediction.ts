/**
 * The extractor's output in the FORMAT.md shape, so that any scorer can read it:
 * one line per document, {"id", "events": [...], "toponyms": [...], "incident"?}.
 * The first event is the primary one. Fields not in FORMAT.md (confidence, evidence) are added under extra names.
 */
import { toSourceSpan, type Doc } from '../model/document.js';
import type { EventRecord } from '../model/event.js';

export interface PredictedEvent {
  event_type?: string;
  sub_event_type?: string;
  kind?: string;
  date?: string;
  date_precision?: string;
  location?: {
    name: string;
    admin1: string | null;
    country: string | null;
    lat: number | null;
    lon: number | null;
    precision: number | null;
    precision_label: string;
  };
  fatalities?: number;
  fatalities_range?: { low: number; best: number; high: number };
  civilian_fatalities?: { low: number; high: number };
  injured?: { low: number; high: number };
  strikes?: { low?: number; high?: number };
  actors?: string[];
  targets?: string[];
  weapons?: string[];
  attribution?: 'alleged';
  attribution_status?: string;
  reporters?: string[];
  historical?: boolean;
}

export interface PredictedToponym {
  start: number;
  end: number;
  text: string;
  lat: number | null;
  lon: number | null;
  geonameid?: string;
  name?: string;
  confidence?: number;
}

export interface PredictionLine {
  id: string;
  events: PredictedEvent[];
  toponyms: PredictedToponym[];
  incident?: string;
  error?: { code: string; message: string };
}

/** Convert one EventRecord into the FORMAT.md event shape. */
export function toPredictedEvent(e: EventRecord): PredictedEvent {
  const out: PredictedEvent = {};
  if (e.eventType) out.event_type = e.eventType;
  if (e.subEventType) out.sub_event_type = e.subEventType;
  if (e.kind) out.kind = e.kind;
  if (e.date.start) {
    out.date = e.date.end && e.date.end !== e.date.start ? `${e.date.start}/${e.date.end}` : e.date.start;
    out.date_precision = e.date.precision;
  }
  if (e.location) {
    const l = e.location;
    out.location = {
      name: l.name,
      admin1: l.admin1,
      country: l.country,
      lat: l.lat,
      lon: l.lon,
      precision: l.geoPrecision,
      precision_label: l.precision,
    };
  }
  // ACLED records the coder's conservative figure: the low end of the range.
  if (e.fatalities) {
    out.fatalities = e.fatalities.low;
    out.fatalities_range = e.fatalities;
  }
  if (e.civilianFatalities) out.civilian_fatalities = { low: e.civilianFatalities.low, high: e.civilianFatalities.high };
  if (e.injured) out.injured = { low: e.injured.low, high: e.injured.high };
  if (e.strikes) {
    const s: { low?: number; high?: number } = {};
    if (e.strikes.low !== null) s.low = e.strikes.low;
    if (e.strikes.high !== null) s.high = e.strikes.high;
    out.strikes = s;
  }
  const perpetrators = e.actors.filter((a) => a.role === 'perpetrator');
  const others = e.actors.filter((a) => a.role !== 'perpetrator');
  const actors = [...new Set([...perpetrators, ...others].map((a) => a.name))];
  if (actors.length) out.actors = actors;
  const targets = [...new Set(e.actors.filter((a) => a.role === 'target' || a.role === 'victim').map((a) => a.name))];
  if (targets.length) out.targets = targets;
  if (e.weapons.length) out.weapons = [...new Set(e.weapons.map((w) => w.name))];
  if (e.attribution.status !== 'stated') {
    out.attribution_status = e.attribution.status;
    if (e.attribution.status === 'alleged' || e.attribution.status === 'claimed') out.attribution = 'alleged';
  }
  if (e.attribution.reporters.length) out.reporters = e.attribution.reporters.map((r) => r.name);
  if (e.historical) out.historical = true;
  return out;
}

/** Current events first (in document order), then historical ones: the first line is the primary event. */
export function toPredictionLine(doc: Doc): PredictionLine {
  const current = doc.events.filter((e) => !e.historical);
  const past = doc.events.filter((e) => e.historical);
  return {
    id: doc.id,
    events: [...current, ...past].map(toPredictedEvent),
    // Offsets into the text as delivered (HTML input is normalized to analysis text; map back).
    toponyms: doc.places.map((t) => {
      const span = toSourceSpan(doc, t);
      return {
        start: span.start,
        end: span.end,
        text: t.text,
        lat: t.resolved?.lat ?? null,
        lon: t.resolved?.lon ?? null,
        ...(t.resolved ? { geonameid: t.resolved.id, name: t.resolved.name } : {}),
        confidence: t.confidence,
      };
    }),
  };
}

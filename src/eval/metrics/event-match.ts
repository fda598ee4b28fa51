/**
 * Event-level checks for documents whose gold lists several events by `kind` (the sample report, seed.jsonl):
 * each gold event must be found with its kind, place, fatalities, weapons, actors, strike count and attribution;
 * historical gold events must be flagged historical and never emitted as current; no event may get a date the text
 * does not give.
 */
import type { GoldDoc, GoldEvent } from '../gold.js';
import type { PredictedEvent } from '../prediction.js';
import { haversineKm } from '../../geo/distance.js';
import { actorMatches, foldName, foldWeapon } from './normalize.js';

export interface CheckResult {
  name: string;
  pass: boolean;
  /** A soft check is reported but does not fail the gate. */
  soft?: boolean;
  detail: string;
}

export interface GoldEventVerdict {
  index: number;
  label: string;
  found: boolean;
  matchedPrediction: number | null;
  checks: CheckResult[];
}

export interface EventMatchReport {
  docId: string;
  events: GoldEventVerdict[];
  docChecks: CheckResult[];
  pass: boolean;
}

function kindMatches(g: GoldEvent, p: PredictedEvent): boolean {
  if (g.kind) return !!p.kind && foldName(p.kind) === foldName(g.kind);
  if (g.sub_event_type) return p.sub_event_type === g.sub_event_type;
  if (g.event_type) return p.event_type === g.event_type;
  return true;
}

function checksFor(g: GoldEvent, p: PredictedEvent): CheckResult[] {
  const out: CheckResult[] = [];
  out.push({ name: 'kind', pass: kindMatches(g, p), detail: `gold ${g.kind ?? g.sub_event_type ?? '-'}, got ${p.kind ?? '-'} / ${p.sub_event_type ?? '-'}` });
  if (g.sub_event_type) out.push({ name: 'sub_event_type', pass: p.sub_event_type === g.sub_event_type, detail: `got ${p.sub_event_type ?? '-'}` });
  const gl = g.location;
  if (gl && gl.lat != null && gl.lon != null) {
    const within = gl.within_km ?? 25;
    const pl = p.location;
    const d = pl && pl.lat != null && pl.lon != null ? haversineKm(gl.lat, gl.lon, pl.lat, pl.lon) : null;
    out.push({ name: 'place', pass: d !== null && d <= within, detail: d === null ? `no coordinates (mention: ${pl?.name ?? '-'})` : `${pl?.name} at ${d.toFixed(1)} km (limit ${within})` });
  }
  if (g.fatalities !== undefined) out.push({ name: 'fatalities', pass: (p.fatalities ?? 0) === g.fatalities, detail: `gold ${g.fatalities}, got ${p.fatalities ?? '-'}` });
  if (g.weapons?.length) {
    const got = new Set((p.weapons ?? []).map(foldWeapon));
    const missing = g.weapons.filter((w) => !got.has(foldWeapon(w)));
    out.push({ name: 'weapons', pass: missing.length === 0, detail: missing.length ? `missing ${missing.join(', ')} (got ${(p.weapons ?? []).join(', ') || '-'})` : 'all found' });
  }
  if (g.actors?.length) {
    const missing = g.actors.filter((a) => !(p.actors ?? []).some((x) => actorMatches(a, x)));
    out.push({ name: 'actors', pass: missing.length === 0, detail: missing.length ? `missing ${missing.join(', ')} (got ${(p.actors ?? []).join(', ') || '-'})` : 'all found' });
  }
  if (g.targets?.length) {
    const pool = [...(p.targets ?? []), ...(p.actors ?? [])];
    const missing = g.targets.filter((a) => !pool.some((x) => actorMatches(a, x)));
    out.push({ name: 'targets', soft: true, pass: missing.length === 0, detail: missing.length ? `missing ${missing.join(', ')}` : 'all found' });
  }
  if (g.strikes) {
    const ok = (g.strikes.low === undefined || p.strikes?.low === g.strikes.low) && (g.strikes.high === undefined || p.strikes?.high === g.strikes.high);
    out.push({ name: 'strikes', pass: ok, detail: `gold ${JSON.stringify(g.strikes)}, got ${JSON.stringify(p.strikes ?? null)}` });
  }
  if (g.attribution) out.push({ name: 'attribution', pass: p.attribution === g.attribution, detail: `gold ${g.attribution}, got ${p.attribution ?? 'stated'}` });
  return out;
}

export function matchEvents(gold: GoldDoc, predicted: readonly PredictedEvent[]): EventMatchReport {
  const goldEvents = gold.events ?? [];
  const verdicts: GoldEventVerdict[] = [];
  const used = new Set<number>();
  goldEvents.forEach((g, index) => {
    const wantHistorical = g.historical === true;
    let best: { i: number; checks: CheckResult[]; score: number } | null = null;
    predicted.forEach((p, i) => {
      if (used.has(i) || (p.historical === true) !== wantHistorical) return;
      const checks = checksFor(g, p);
      if (!checks[0]!.pass) return; // the kind must match for the prediction to be this event
      const score = checks.filter((c) => c.pass).length;
      if (!best || score > best.score) best = { i, checks, score };
    });
    const chosen = best as { i: number; checks: CheckResult[]; score: number } | null;
    if (chosen) used.add(chosen.i);
    const label = `${wantHistorical ? 'historical ' : ''}${g.kind ?? g.sub_event_type ?? g.event_type ?? 'event'}${g.location?.name ? ` @ ${g.location.name}` : ''}`;
    const checks = chosen ? chosen.checks : [{ name: 'found', pass: false, detail: `no ${wantHistorical ? 'historical' : 'current'} event of this kind` }];
    if (wantHistorical) {
      // The past event must not also be reported as a current one.
      const leaked = predicted.findIndex((p) => !p.historical && kindMatches(g, p) && (g.weapons ?? []).some((w) => (p.weapons ?? []).map(foldWeapon).includes(foldWeapon(w))));
      checks.push({ name: 'not-current', pass: leaked < 0, detail: leaked < 0 ? 'not emitted as current' : `also emitted as current event #${leaked}` });
    }
    verdicts.push({ index, label, found: !!chosen, matchedPrediction: chosen?.i ?? null, checks });
  });
  const docChecks: CheckResult[] = [];
  const goldDated = goldEvents.some((g) => g.date);
  if (!gold.published && !goldDated) {
    const dated = predicted.filter((p) => p.date);
    docChecks.push({ name: 'no-invented-dates', pass: dated.length === 0, detail: dated.length ? `${dated.length} event(s) got a date the text does not give: ${dated.map((p) => p.date).join(', ')}` : 'no event dated' });
  }
  const pass = verdicts.every((v) => v.found && v.checks.every((c) => c.pass || c.soft)) && docChecks.every((c) => c.pass);
  return { docId: gold.id, events: verdicts, docChecks, pass };
}

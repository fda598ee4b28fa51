/**
 * Accumulates the FORMAT.md metrics over (gold document, prediction) pairs. Pure: no I/O, no extraction.
 * Each metric uses only the documents whose gold has the field it scores.
 */
import type { GoldDoc } from './gold.js';
import type { PredictionLine } from './prediction.js';
import { classificationReport, NONE, topConfusions, type ClassificationReport } from './metrics/classification.js';
import { emptyToponymCounts, matchToponyms, toponymSummary } from './metrics/toponyms.js';
import { pairwiseScores, type PairwiseScores } from './metrics/clustering.js';
import { matchEvents, type EventMatchReport } from './metrics/event-match.js';
import { admin1Matches, foldName } from './metrics/normalize.js';
import { haversineKm } from '../geo/distance.js';
import { sideOfName } from './metrics/sides.js';

/** How `placeNamedInText` decides, printed with the figures it scores. */
export const NAMED_DEFINITION =
  "the gold place name (or one of its '/'-separated alternatives) occurs in the text as whole words, compared case-, accent- and punctuation-insensitively; a possessive 's counts (Aleppo's); other spellings (Deir Ezzor for Deir ez Zor) do not";

/**
 * "Headlines that name their place" (issue #3): does the text name the gold place? Decided from gold and text only,
 * never from predictions. Whole words, so "Hama" is not named by "Hamad" nor "Bab" by "Bab al-Hawa"'s neighbour.
 */
export function placeNamedInText(text: string, name: string | null | undefined): boolean {
  if (!name) return false;
  const t = ` ${foldName(text.replace(/(\p{L})[’'`]s(?!\p{L})/gu, '$1 s'))} `;
  return name.split('/').some((alt) => {
    const n = foldName(alt);
    return !!n && (t.includes(` ${n} `) || t.includes(` ${n} s `));
  });
}

/** Label used when gold says "no conflict event here" (events: []). */
export const NO_EVENT = '(no event)';

const share = (hit: number, n: number): Rate => ({ n, hits: hit, rate: n ? hit / n : 0 });
export interface Rate {
  n: number;
  hits: number;
  rate: number;
}

export interface EvalSummary {
  documents: number;
  failedDocuments: number;
  eventType: Omit<ClassificationReport, 'confusion'> | null;
  subEventType: (Omit<ClassificationReport, 'confusion'> & { topConfusions: { gold: string; predicted: string; count: number }[] }) | null;
  location: { within25: Rate; within161: Rate; admin1: Rate; namedWithin25: Rate; namedAdmin1: Rate; noLocation: number } | null;
  fatalities: { exact: Rate; exactWhereGoldPositive: Rate } | null;
  date: { exact: Rate; undatedPredictions: number } | null;
  /** FORMAT.md: over gold events whose actors[0] names a side, the primary predicted event's first actor is on that side. */
  perpetrator: { match: Rate; noActor: number; bySide: { side: string; rate: Rate }[] } | null;
  /** Location within tolerance (within_km, else 25 km) by the coder's place_kind. */
  locationByKind: { kind: string; withinKm: number | null; rate: Rate }[] | null;
  /** FORMAT.md: over documents whose gold is events: [], the share given no ACLED-typed event. */
  noEvent: Rate | null;
  toponyms: ReturnType<typeof toponymSummary> | null;
  /** FORMAT.md: over the documents that share an incident (gold incidents with two or more documents). */
  clustering: PairwiseScores | null;
  /** The same decisions over every document that has an incident, singletons included (stricter on precision). */
  clusteringAllDocuments: PairwiseScores | null;
  labels: Record<string, { n: number; precision: number; recall: number; f1: number; accuracy: number }> | null;
  seed: { pass: boolean; reports: EventMatchReport[] } | null;
}

/** Which families of ACLED types a document label ("ASSAULT:yes") refers to. */
const LABEL_TYPES: Record<string, string[]> = {
  ASSAULT: ['Battles', 'Explosions/Remote violence', 'Violence against civilians', 'Riots'],
  PROTEST: ['Protests', 'Riots'],
};

export class Scorer {
  private docs = 0;
  private failed = 0;
  private typePairs: { gold: string; predicted: string | null }[] = [];
  private subPairs: { gold: string; predicted: string | null }[] = [];
  private loc = { n: 0, w25: 0, w161: 0, a1n: 0, a1: 0, namedN: 0, namedW25: 0, namedA1n: 0, namedA1: 0, noLoc: 0 };
  private fat = { n: 0, hit: 0, posN: 0, posHit: 0 };
  private dates = { n: 0, hit: 0, undated: 0 };
  private perp = { n: 0, hit: 0, noActor: 0, bySide: new Map<string, { n: number; hit: number }>() };
  private locKind = new Map<string, { n: number; hit: number; withinKm: number | null }>();
  private noEvent = { n: 0, hit: 0 };
  private topo = emptyToponymCounts();
  private hasTopo = false;
  private cluster: { gold: string; predicted: string }[] = [];
  private labels = new Map<string, { tp: number; fp: number; fn: number; tn: number }>();
  private seedReports: EventMatchReport[] = [];

  add(gold: GoldDoc, pred: PredictionLine): void {
    this.docs++;
    if (pred.error) this.failed++;
    const primary = pred.events[0] ?? null;
    const goldEvents = gold.events;
    if (goldEvents) {
      const typed = goldEvents.filter((e) => e.event_type || e.sub_event_type);
      const predictedTyped = pred.events.filter((e) => !e.historical && e.event_type);
      if (goldEvents.length === 0) {
        const p = predictedTyped[0];
        this.noEvent.n++;
        if (!p) this.noEvent.hit++;
        this.typePairs.push({ gold: NO_EVENT, predicted: p?.event_type ?? NO_EVENT });
        this.subPairs.push({ gold: NO_EVENT, predicted: p?.sub_event_type ?? NO_EVENT });
      } else if (goldEvents.length === 1 && typed.length === 1) {
        const g = typed[0]!;
        if (g.event_type) this.typePairs.push({ gold: g.event_type, predicted: primary?.event_type ?? null });
        if (g.sub_event_type) this.subPairs.push({ gold: g.sub_event_type, predicted: primary?.sub_event_type ?? null });
      }
      const g = goldEvents[0];
      if (g && !g.historical) this.scorePrimary(gold, g, primary);
      if (goldEvents.some((e) => e.kind)) this.seedReports.push(matchEvents(gold, pred.events));
    }
    if (gold.toponyms) {
      this.hasTopo = true;
      matchToponyms(gold.toponyms, pred.toponyms, this.topo);
    }
    if (gold.incident) this.cluster.push({ gold: gold.incident, predicted: pred.incident ?? `singleton:${gold.id}` });
    if (gold.label) this.scoreLabel(gold.label, pred);
  }

  private scorePrimary(doc: GoldDoc, g: NonNullable<GoldDoc['events']>[number], p: PredictionLine['events'][number] | null): void {
    const gl = g.location;
    if (gl && gl.lat != null && gl.lon != null) {
      const pl = p?.location;
      const d = pl && pl.lat != null && pl.lon != null ? haversineKm(gl.lat, gl.lon, pl.lat, pl.lon) : null;
      const within = gl.within_km ?? 25;
      const named = placeNamedInText(doc.text, gl.name);
      this.loc.n++;
      const kindKey = (gl as { place_kind?: unknown }).place_kind;
      const kind = typeof kindKey === 'string' && kindKey ? kindKey : '(no place_kind)';
      const k = this.locKind.get(kind) ?? { n: 0, hit: 0, withinKm: gl.within_km ?? null };
      k.n++;
      if (d !== null && d <= within) k.hit++;
      if ((gl.within_km ?? null) !== k.withinKm) k.withinKm = null; // mixed tolerances within a kind: say so as default
      this.locKind.set(kind, k);
      if (d === null) this.loc.noLoc++;
      if (d !== null && d <= within) this.loc.w25++;
      if (d !== null && d <= 161) this.loc.w161++;
      if (named) {
        this.loc.namedN++;
        if (d !== null && d <= within) this.loc.namedW25++;
      }
      if (gl.admin1) {
        const hit = admin1Matches(gl.admin1, pl?.admin1);
        this.loc.a1n++;
        if (hit) this.loc.a1++;
        if (named) {
          this.loc.namedA1n++;
          if (hit) this.loc.namedA1++;
        }
      }
    }
    if (g.fatalities !== undefined) {
      const hit = (p?.fatalities ?? 0) === g.fatalities;
      this.fat.n++;
      if (hit) this.fat.hit++;
      if (g.fatalities > 0) {
        this.fat.posN++;
        if (hit) this.fat.posHit++;
      }
    }
    const goldSide = sideOfName(g.actors?.[0]);
    if (goldSide) {
      const predActor = p?.actors?.[0] ?? null;
      const hit = !!predActor && sideOfName(predActor) === goldSide;
      this.perp.n++;
      if (!predActor) this.perp.noActor++;
      if (hit) this.perp.hit++;
      const b = this.perp.bySide.get(goldSide) ?? { n: 0, hit: 0 };
      b.n++;
      if (hit) b.hit++;
      this.perp.bySide.set(goldSide, b);
    }
    if (g.date) {
      const goldStart = g.date.split('/')[0];
      const predStart = p?.date?.split('/')[0];
      this.dates.n++;
      if (!predStart) this.dates.undated++;
      if (predStart === goldStart) this.dates.hit++;
    }
  }

  private scoreLabel(label: string, pred: PredictionLine): void {
    const [name, value] = label.split(':');
    if (!name || !value) return;
    const types = LABEL_TYPES[name];
    if (!types) return;
    const predicted = pred.events.some((e) => !e.historical && !!e.event_type && types.includes(e.event_type));
    const gold = value.toLowerCase() === 'yes';
    const c = this.labels.get(name) ?? { tp: 0, fp: 0, fn: 0, tn: 0 };
    if (gold && predicted) c.tp++;
    else if (!gold && predicted) c.fp++;
    else if (gold && !predicted) c.fn++;
    else c.tn++;
    this.labels.set(name, c);
  }

  /** The documents whose gold incident is reported by at least two documents. */
  private sharedIncidents(): { gold: string; predicted: string }[] {
    const size = new Map<string, number>();
    for (const c of this.cluster) size.set(c.gold, (size.get(c.gold) ?? 0) + 1);
    return this.cluster.filter((c) => (size.get(c.gold) ?? 0) >= 2);
  }

  summary(): EvalSummary {
    const strip = (r: ClassificationReport): Omit<ClassificationReport, 'confusion'> => {
      const { confusion: _c, ...rest } = r;
      return rest;
    };
    const sub = this.subPairs.length ? classificationReport(this.subPairs) : null;
    const labels: EvalSummary['labels'] = {};
    for (const [name, c] of this.labels) {
      const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0;
      const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0;
      const n = c.tp + c.fp + c.fn + c.tn;
      labels[name] = { n, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, accuracy: n ? (c.tp + c.tn) / n : 0 };
    }
    return {
      documents: this.docs,
      failedDocuments: this.failed,
      eventType: this.typePairs.length ? strip(classificationReport(this.typePairs)) : null,
      subEventType: sub ? { ...strip(sub), topConfusions: topConfusions(sub).filter((c) => c.gold !== NONE) } : null,
      location: this.loc.n
        ? {
            within25: share(this.loc.w25, this.loc.n),
            within161: share(this.loc.w161, this.loc.n),
            admin1: share(this.loc.a1, this.loc.a1n),
            namedWithin25: share(this.loc.namedW25, this.loc.namedN),
            namedAdmin1: share(this.loc.namedA1, this.loc.namedA1n),
            noLocation: this.loc.noLoc,
          }
        : null,
      fatalities: this.fat.n ? { exact: share(this.fat.hit, this.fat.n), exactWhereGoldPositive: share(this.fat.posHit, this.fat.posN) } : null,
      date: this.dates.n ? { exact: share(this.dates.hit, this.dates.n), undatedPredictions: this.dates.undated } : null,
      perpetrator: this.perp.n
        ? {
            match: share(this.perp.hit, this.perp.n),
            noActor: this.perp.noActor,
            bySide: [...this.perp.bySide].sort((a, b) => b[1].n - a[1].n).map(([side, c]) => ({ side, rate: share(c.hit, c.n) })),
          }
        : null,
      locationByKind: this.locKind.size > 1 || (this.locKind.size === 1 && !this.locKind.has('(no place_kind)'))
        ? [...this.locKind].sort((a, b) => b[1].n - a[1].n).map(([kind, c]) => ({ kind, withinKm: c.withinKm, rate: share(c.hit, c.n) }))
        : null,
      noEvent: this.noEvent.n ? share(this.noEvent.hit, this.noEvent.n) : null,
      toponyms: this.hasTopo ? toponymSummary(this.topo) : null,
      clustering: this.cluster.length ? pairwiseScores(this.sharedIncidents()) : null,
      clusteringAllDocuments: this.cluster.length ? pairwiseScores(this.cluster) : null,
      labels: this.labels.size ? labels : null,
      seed: this.seedReports.length ? { pass: this.seedReports.every((r) => r.pass), reports: this.seedReports } : null,
    };
  }
}

/**
 * End-to-end toponym scoring: a predicted span matches a gold span when they overlap (one-to-one, greatest overlap first).
 * For matched pairs where the gold has coordinates, the distance from the predicted coordinates (an unresolved prediction
 * counts as a miss for acc@161).
 */
import { haversineKm } from '../../geo/distance.js';

export interface SpanWithCoords {
  start: number;
  end: number;
  lat?: number | null;
  lon?: number | null;
}

export interface ToponymCounts {
  gold: number;
  predicted: number;
  matched: number;
  /** Matched pairs whose gold has coordinates. */
  geoScored: number;
  within161: number;
  errorsKm: number[];
}

export function emptyToponymCounts(): ToponymCounts {
  return { gold: 0, predicted: 0, matched: 0, geoScored: 0, within161: 0, errorsKm: [] };
}

export function matchToponyms(gold: readonly SpanWithCoords[], predicted: readonly SpanWithCoords[], into: ToponymCounts = emptyToponymCounts()): ToponymCounts {
  into.gold += gold.length;
  into.predicted += predicted.length;
  const pairs: { g: number; p: number; overlap: number }[] = [];
  for (let g = 0; g < gold.length; g++) {
    for (let p = 0; p < predicted.length; p++) {
      const overlap = Math.min(gold[g]!.end, predicted[p]!.end) - Math.max(gold[g]!.start, predicted[p]!.start);
      if (overlap > 0) pairs.push({ g, p, overlap });
    }
  }
  pairs.sort((a, b) => b.overlap - a.overlap);
  const usedG = new Set<number>();
  const usedP = new Set<number>();
  for (const { g, p } of pairs) {
    if (usedG.has(g) || usedP.has(p)) continue;
    usedG.add(g);
    usedP.add(p);
    into.matched++;
    const gt = gold[g]!;
    const pt = predicted[p]!;
    if (gt.lat == null || gt.lon == null) continue;
    into.geoScored++;
    if (pt.lat == null || pt.lon == null) {
      into.errorsKm.push(Number.POSITIVE_INFINITY);
      continue;
    }
    const d = haversineKm(gt.lat, gt.lon, pt.lat, pt.lon);
    into.errorsKm.push(d);
    if (d <= 161) into.within161++;
  }
  return into;
}

export function toponymSummary(c: ToponymCounts): { precision: number; recall: number; f1: number; acc161: number; medianErrorKm: number | null; gold: number; predicted: number; matched: number } {
  const precision = c.predicted ? c.matched / c.predicted : 0;
  const recall = c.gold ? c.matched / c.gold : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const sorted = [...c.errorsKm].sort((a, b) => a - b);
  const median = sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)]! : null;
  return {
    precision,
    recall,
    f1,
    acc161: c.geoScored ? c.within161 / c.geoScored : 0,
    medianErrorKm: median === null || !Number.isFinite(median) ? median : Math.round(median * 10) / 10,
    gold: c.gold,
    predicted: c.predicted,
    matched: c.matched,
  };
}

/** Human-readable rendering of an evaluation result (the `vigil eval` default output). */
import type { EvalFileResult } from './run.js';
import { NAMED_DEFINITION, type Rate } from './scorer.js';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const rate = (r: Rate): string => `${r.rate.toFixed(3)}  (${r.hits}/${r.n})`;

export function renderReport(r: EvalFileResult): string {
  const s = r.summary;
  const out: string[] = [];
  const mbps = r.extractMs > 0 ? r.chars / 1e6 / (r.extractMs / 1000) : 0;
  out.push(`== ${r.file}`);
  out.push(`documents ${s.documents}, extraction failures ${s.failedDocuments}, bad gold lines ${r.badLines.length}; ${(r.chars / 1e6).toFixed(2)} M chars in ${(r.extractMs / 1000).toFixed(2)} s (${mbps.toFixed(2)} M chars/s)`);
  if (s.eventType) out.push(`event_type       accuracy ${s.eventType.accuracy.toFixed(3)}  weighted F1 ${s.eventType.weightedF1.toFixed(3)}  (n=${s.eventType.n})`);
  if (s.subEventType) {
    out.push(`sub_event_type   accuracy ${s.subEventType.accuracy.toFixed(3)}  weighted F1 ${s.subEventType.weightedF1.toFixed(3)}  macro F1 ${s.subEventType.macroF1.toFixed(3)}  (n=${s.subEventType.n})`);
    for (const l of s.subEventType.perLabel) {
      out.push(`    ${l.label.padEnd(40)} support ${String(l.support).padStart(5)}  P ${l.precision.toFixed(2)}  R ${l.recall.toFixed(2)}  F1 ${l.f1.toFixed(2)}`);
    }
    if (s.subEventType.topConfusions.length) {
      out.push('  most frequent confusions (gold -> predicted):');
      for (const c of s.subEventType.topConfusions) out.push(`    ${String(c.count).padStart(5)}  ${c.gold} -> ${c.predicted}`);
    }
  }
  if (s.location) {
    out.push(`location         within 25 km ${rate(s.location.within25)}  within 161 km ${rate(s.location.within161)}  admin1 ${rate(s.location.admin1)}  no location ${s.location.noLocation}`);
    if (s.location.namedWithin25.n > 0) {
      out.push(`  place named in text: within 25 km ${rate(s.location.namedWithin25)}  admin1 ${rate(s.location.namedAdmin1)}`);
      out.push(`    (named: ${NAMED_DEFINITION}; ${s.location.namedWithin25.n} of ${s.location.within25.n} gold events)`);
    }
  }
  if (s.locationByKind) {
    out.push('  within tolerance by place_kind (within_km where gold gives it, else 25 km):');
    for (const k of s.locationByKind) out.push(`    ${k.kind.padEnd(24)} ${k.withinKm !== null ? `(${k.withinKm} km)`.padEnd(9) : ''.padEnd(9)} ${rate(k.rate)}`);
  }
  if (s.fatalities) out.push(`fatalities       exact ${rate(s.fatalities.exact)}  exact where gold > 0 ${rate(s.fatalities.exactWhereGoldPositive)}`);
  if (s.date) out.push(`date             exact ${rate(s.date.exact)}  undated predictions ${s.date.undatedPredictions}`);
  if (s.perpetrator) {
    const p = s.perpetrator;
    out.push(`perpetrator      side match ${rate(p.match)}  no predicted actor ${p.noActor}`);
    out.push(`  by gold side: ${p.bySide.map((b) => `${b.side} ${b.rate.rate.toFixed(2)} (${b.rate.hits}/${b.rate.n})`).join(', ')}`);
  }
  if (s.noEvent) out.push(`no-event correct ${rate(s.noEvent)}  (documents whose gold is events: [] given no ACLED-typed event)`);
  if (s.toponyms) {
    const t = s.toponyms;
    out.push(`toponyms         P ${t.precision.toFixed(3)}  R ${t.recall.toFixed(3)}  F1 ${t.f1.toFixed(3)}  acc@161 ${t.acc161.toFixed(3)}  median error ${t.medianErrorKm ?? '-'} km  (gold ${t.gold}, predicted ${t.predicted}, matched ${t.matched})`);
  }
  if (s.clustering) {
    const c = s.clustering;
    out.push(`clustering       pairwise P ${c.precision.toFixed(3)}  R ${c.recall.toFixed(3)}  F1 ${c.f1.toFixed(3)}  over documents that share an incident (documents ${c.documents}, gold pairs ${c.goldPairs}, predicted pairs ${c.predictedPairs}; ${(r.clusterMs / 1000).toFixed(2)} s)`);
    const a = s.clusteringAllDocuments;
    if (a) out.push(`  all documents with an incident: P ${a.precision.toFixed(3)}  R ${a.recall.toFixed(3)}  F1 ${a.f1.toFixed(3)}  (documents ${a.documents}, predicted pairs ${a.predictedPairs})`);
  }
  if (s.labels) {
    for (const [name, l] of Object.entries(s.labels)) {
      out.push(`label ${name.padEnd(10)} P ${l.precision.toFixed(3)}  R ${l.recall.toFixed(3)}  F1 ${l.f1.toFixed(3)}  accuracy ${pct(l.accuracy)}  (n=${l.n})`);
    }
  }
  if (s.seed) {
    out.push(`event checks     ${s.seed.pass ? 'PASS' : 'FAIL'}`);
    for (const rep of s.seed.reports) {
      out.push(`  ${rep.docId}`);
      for (const v of rep.events) {
        const ok = v.found && v.checks.every((c) => c.pass || c.soft);
        out.push(`    [${ok ? 'ok' : 'FAIL'}] ${v.label}${v.matchedPrediction !== null ? ` (predicted event #${v.matchedPrediction})` : ''}`);
        for (const c of v.checks) out.push(`        ${c.pass ? 'ok  ' : c.soft ? 'soft' : 'FAIL'} ${c.name}: ${c.detail}`);
      }
      for (const c of rep.docChecks) out.push(`    [${c.pass ? 'ok' : 'FAIL'}] ${c.name}: ${c.detail}`);
    }
  }
  for (const b of r.badLines.slice(0, 5)) out.push(`  bad line ${b.line}: ${b.code}: ${b.message}`);
  return out.join('\n');
}

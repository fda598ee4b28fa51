/**
 * Where do event locations go wrong? Runs extraction over a gold file (FORMAT.md) and sorts every gold event
 * with coordinates into one bucket:
 *   ok              within tolerance (25 km or within_km) and admin1 matches (or gold has none)
 *   admin1-only     within tolerance, admin1 differs
 *   no-event        the extractor wrote no event
 *   no-location     an event without a location
 *   wrong-place     the predicted place is in the gold country but too far
 *   wrong-country   the predicted place is in another country (or only the country is known)
 * Counts are printed for all gold events and for those whose gold place name the text names as whole words (the
 * population `vigil eval` calls "place named in text"), with a few examples per bucket (--examples N, default 8).
 * Reads the gold file at run time; nothing is written.
 *
 *   npx tsx scripts/analysis/location-misses.ts ../shared/eval/dev/ucdp-syria-2016-2017.jsonl --examples 20
 */
import { writeFileSync } from 'node:fs';
import { readGoldFile } from '../../src/eval/gold.js';
import { extractDocument } from '../../src/extract/pipeline.js';
import { haversineKm } from '../../src/geo/distance.js';
import { admin1Matches } from '../../src/eval/metrics/normalize.js';
import { placeNamedInText } from '../../src/eval/scorer.js';
import { getGazetteer } from '../../src/geo/gazetteer.js';
import { foldKey } from '../../src/geo/normalize.js';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const exIdx = args.indexOf('--examples');
const nExamples = exIdx >= 0 ? Number(args[exIdx + 1]) : 8;
const only = args.includes('--bucket') ? args[args.indexOf('--bucket') + 1] : null;
/** --dump FILE: one JSON line per gold event (bucket, named, text, gold and predicted place) for ad-hoc analysis. */
const dumpTo = args.includes('--dump') ? args[args.indexOf('--dump') + 1] : null;
const dumpLines: string[] = [];
if (!file) {
  console.error('usage: location-misses.ts GOLD.jsonl [--examples N] [--bucket NAME]');
  process.exit(2);
}

const BUCKETS = ['ok', 'admin1-only', 'no-event', 'no-location', 'wrong-place', 'wrong-country'] as const;
type Bucket = (typeof BUCKETS)[number];

/** ISO code of a gold country given by name ("Syria") or code ("SY"), via the gazetteer's country entries. */
const ccMemo = new Map<string, string | null>();
function countryCode(name: string | null | undefined): string | null {
  if (!name) return null;
  if (/^[A-Z]{2}$/.test(name)) return name;
  if (ccMemo.has(name)) return ccMemo.get(name)!;
  const hit = getGazetteer().lookup(foldKey(name)).find((h) => h.place.fcode === 'PCLI');
  const cc = hit?.place.cc ?? null;
  ccMemo.set(name, cc);
  return cc;
}

const counts = { all: new Map<Bucket, number>(), named: new Map<Bucket, number>() };
const examples = new Map<Bucket, string[]>();
const ruleCounts = new Map<Bucket, Map<string, number>>();

for await (const item of readGoldFile(file)) {
  if (!item.ok) continue;
  const gold = item.doc;
  const g = gold.events?.[0];
  const gl = g?.location;
  if (!g || g.historical || !gl || gl.lat == null || gl.lon == null) continue;
  const r = extractDocument({ id: gold.id, source: gold.text, language: gold.language ?? null, published: gold.published ?? null });
  const events = r.ok ? r.doc.events.filter((e) => !e.historical) : [];
  const primary = r.ok ? (r.doc.events[0] ?? null) : null;
  const pl = primary?.location ?? null;
  const tol = gl.within_km ?? 25;
  let bucket: Bucket;
  let d: number | null = null;
  if (!primary) bucket = 'no-event';
  else if (!pl || pl.lat == null || pl.lon == null) bucket = 'no-location';
  else {
    d = haversineKm(gl.lat, gl.lon, pl.lat, pl.lon);
    const a1ok = !gl.admin1 || admin1Matches(gl.admin1, pl.admin1);
    if (d <= tol) bucket = a1ok ? 'ok' : 'admin1-only';
    else {
      const gcc = countryCode(gl.country);
      bucket = (gcc && pl.country && gcc !== pl.country) || pl.precision === 'country' ? 'wrong-country' : 'wrong-place';
    }
  }
  void events;
  const named = placeNamedInText(gold.text, gl.name);
  counts.all.set(bucket, (counts.all.get(bucket) ?? 0) + 1);
  if (named) counts.named.set(bucket, (counts.named.get(bucket) ?? 0) + 1);
  if (primary?.location) {
    const rc = ruleCounts.get(bucket) ?? ruleCounts.set(bucket, new Map()).get(bucket)!;
    const rule = primary.evidence.location?.[0]?.rule?.split(' ').slice(0, 2).join(' ') ?? '(none)';
    rc.set(rule, (rc.get(rule) ?? 0) + 1);
  }
  if (dumpTo) {
    dumpLines.push(JSON.stringify({ id: gold.id, bucket, named, text: gold.text, gold: gl, pred: pl, km: d, rule: primary?.evidence.location?.[0]?.rule ?? null, type: primary?.eventType ?? null, sub: primary?.subEventType ?? null, places: r.ok ? r.doc.places.map((t) => ({ text: t.text, name: t.resolved?.name, cc: t.resolved?.country, lat: t.resolved?.lat, lon: t.resolved?.lon, precision: t.precision, rule: t.rule, adjectival: !!t.adjectival })) : [] }));
  }
  if (bucket === 'ok' || (only && bucket !== only)) continue;
  const ex = examples.get(bucket) ?? examples.set(bucket, []).get(bucket)!;
  if (ex.length < nExamples) {
    const places = r.ok ? r.doc.places.map((t) => `${t.text}->${t.resolved?.name ?? '?'}/${t.resolved?.country ?? ''}/${t.precision}`).join('; ') : '';
    ex.push(
      `${named ? 'N' : ' '} ${gold.text.slice(0, 220).replace(/\s+/g, ' ')}\n      gold: ${gl.name} (${gl.admin1 ?? '-'}, ${gl.country ?? '-'})` +
        `  pred: ${pl ? `${pl.name} (${pl.admin1 ?? '-'}, ${pl.country ?? '-'}, ${pl.precision}) ${d !== null ? `${Math.round(d)} km` : ''} [${primary?.evidence.location?.[0]?.rule ?? ''}]` : primary ? `${primary.eventType ?? primary.kind ?? '?'} no location` : 'no event'}` +
        `\n      places: ${places}`,
    );
  }
}

if (dumpTo) writeFileSync(dumpTo, `${dumpLines.join('\n')}\n`);
const total = (m: Map<Bucket, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
for (const pop of ['all', 'named'] as const) {
  const m = counts[pop];
  const n = total(m);
  console.log(`${pop === 'all' ? 'all gold events with coordinates' : 'gold place named in text'}: ${n}`);
  for (const b of BUCKETS) console.log(`  ${b.padEnd(14)} ${String(m.get(b) ?? 0).padStart(5)}  ${(((m.get(b) ?? 0) / (n || 1)) * 100).toFixed(1)}%`);
}
console.log('\nlocation rule of the primary event per bucket (top 6):');
for (const b of BUCKETS) {
  const rc = [...(ruleCounts.get(b) ?? new Map<string, number>()).entries()].sort((a, b2) => b2[1] - a[1]).slice(0, 6);
  console.log(`  ${b}: ${rc.map(([k, v]) => `${k} ${v}`).join(', ')}`);
}
for (const b of BUCKETS) {
  const ex = examples.get(b);
  if (!ex?.length) continue;
  console.log(`\n== ${b}`);
  for (const e of ex) console.log(`  ${e}`);
}

/**
 * Incident clustering time and peak memory for 100,000 synthetic reports (BENCH_CLUSTER_REPORTS).
 *
 * Reports are generated with a seeded PRNG (BENCH_SEED, default 42) so runs are comparable: about
 * 30,000 true incidents over one year in a 500 x 600 km region with 2,000 places; each incident is
 * reported 1 to 8 times with the noise real reports have: a day off, no date at all (bounded by the
 * publication date), a location given only at district or province level, a subset of the actors,
 * and now and then a different sub-event type. Prints clustering time (events per second), peak RSS
 * and heap, and the pairwise precision / recall against the generated truth (a sanity check of
 * the defaults on data where the truth is known; it is not the UCDP evaluation).
 */
import { Clusterer, type ClusterEvent, type EventFamily } from '../../src/cluster/index.js';
import type { LocationPrecision } from '../../src/model/toponym.js';

const N = Number(process.env.BENCH_CLUSTER_REPORTS ?? 100_000);
let seed = Number(process.env.BENCH_SEED ?? 42) >>> 0;
/** mulberry32 */
function rand(): number {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

const FAMILIES: [EventFamily, string, string][] = [
  ['remote', 'Explosions/Remote violence', 'Air/drone strike'],
  ['remote', 'Explosions/Remote violence', 'Shelling/artillery/missile attack'],
  ['battle', 'Battles', 'Armed clash'],
  ['civilian', 'Violence against civilians', 'Attack'],
  ['protest', 'Protests', 'Peaceful protest'],
  ['strategic', 'Strategic developments', 'Arrests'],
];
const ACTORS = Array.from({ length: 40 }, (_, i) => `Actor ${i}`);
const LAT0 = 32.5;
const LON0 = 35.8;
// Provinces: a 4 x 4 grid over the region; places scattered inside.
const provinceOf = (lat: number, lon: number) => `P${Math.min(3, Math.floor((lat - LAT0) / 1.125))}-${Math.min(3, Math.floor((lon - LON0) / 1.625))}`;
const provinceCentre = (p: string) => {
  const [a, b] = p.slice(1).split('-').map(Number);
  return { lat: LAT0 + (a + 0.5) * 1.125, lon: LON0 + (b + 0.5) * 1.625 };
};
const PLACES = Array.from({ length: 2000 }, (_, i) => {
  const lat = LAT0 + rand() * 4.5;
  const lon = LON0 + rand() * 6.5;
  return { name: `Place ${i}`, lat, lon, admin1: provinceOf(lat, lon) };
});
const DAY0 = Date.UTC(2016, 0, 1) / 86_400_000;
const dayStr = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);

function generate(): { events: ClusterEvent[]; truth: Map<string, number> } {
  const events: ClusterEvent[] = [];
  const truth = new Map<string, number>();
  let inc = 0;
  while (events.length < N) {
    inc++;
    const [family, eventType, sub] = pick(FAMILIES);
    const place = pick(PLACES);
    const day = DAY0 + int(0, 364);
    const actors = [pick(ACTORS), pick(ACTORS)];
    const reports = Math.min(N - events.length, rand() < 0.55 ? 1 : int(2, 8));
    for (let r = 0; r < reports; r++) {
      const id = `r${events.length}`;
      const u = rand();
      const precision: LocationPrecision = u < 0.6 ? 'exact' : u < 0.75 ? 'near' : u < 0.9 ? 'district' : 'province';
      const jitter = precision === 'exact' ? 0.01 : precision === 'near' ? 0.08 : 0.15;
      const loc = precision === 'province' ? provinceCentre(place.admin1) : { lat: place.lat + (rand() - 0.5) * jitter, lon: place.lon + (rand() - 0.5) * jitter };
      const dated = rand() < 0.8;
      const d = day + (rand() < 0.2 ? 1 : 0);
      events.push({
        id,
        docId: id,
        family,
        eventType,
        subEventType: rand() < 0.9 ? sub : null,
        kind: sub,
        date: dated ? { start: dayStr(d), end: dayStr(d) } : null,
        notAfter: dayStr(day + int(0, 2)),
        lat: loc.lat,
        lon: loc.lon,
        precision,
        place: precision === 'province' ? place.admin1 : place.name,
        admin1: place.admin1,
        country: 'SY',
        actors: rand() < 0.3 ? [] : rand() < 0.5 ? [actors[0]] : actors,
        fatalities: rand() < 0.5 ? { low: 1, best: int(1, 10), high: 12 } : null,
        sourceName: `source ${int(0, 300)}`,
        sourceKind: 'unknown',
        attribution: 'stated',
      });
      truth.set(id, inc);
    }
  }
  // Reports arrive over time, not grouped by incident.
  events.sort((a, b) => (a.notAfter! < b.notAfter! ? -1 : a.notAfter! > b.notAfter! ? 1 : 0));
  return { events, truth };
}

const { events, truth } = generate();
const heap0 = process.memoryUsage().heapUsed;
const rss0 = process.memoryUsage().rss / 1048576;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const c = new Clusterer();
const assigned = new Map<string, string>();
for (const ev of events) assigned.set(ev.id, c.add(ev).incidentId);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuS = (cpu.user + cpu.system) / 1e6;
const heapAfter = process.memoryUsage().heapUsed;

// Pairwise precision / recall against the generated truth.
function pairs(groups: Map<string | number, string[]>): number {
  let n = 0;
  for (const g of groups.values()) n += (g.length * (g.length - 1)) / 2;
  return n;
}
const byPred = new Map<string, string[]>();
for (const [id, inc] of assigned) (byPred.get(inc) ?? byPred.set(inc, []).get(inc)!).push(id);
const byTruth = new Map<number, string[]>();
for (const [id, inc] of truth) (byTruth.get(inc) ?? byTruth.set(inc, []).get(inc)!).push(id);
let tp = 0;
for (const g of byPred.values()) {
  const count = new Map<number, number>();
  for (const id of g) count.set(truth.get(id)!, (count.get(truth.get(id)!) ?? 0) + 1);
  for (const k of count.values()) tp += (k * (k - 1)) / 2;
}
const P = tp / pairs(byPred);
const R = tp / pairs(byTruth);
const rss = process.resourceUsage().maxRSS / 1024;
console.log(`clustering: ${events.length.toLocaleString('en')} reports -> ${c.incidents().length.toLocaleString('en')} incidents (truth ${byTruth.size.toLocaleString('en')}) in ${(ms / 1000).toFixed(2)} s (${Math.round(events.length / (ms / 1000)).toLocaleString('en')} reports/s); CPU time ${cpuS.toFixed(2)} s`);
console.log(`memory: peak RSS ${rss.toFixed(0)} MB (${rss0.toFixed(0)} MB before clustering: runtime, loader and the generated reports), heap growth during clustering ${((heapAfter - heap0) / 1048576).toFixed(0)} MB`);
console.log(`synthetic truth: pairwise P ${P.toFixed(3)} R ${R.toFixed(3)} F1 ${((2 * P * R) / (P + R)).toFixed(3)}`);

/**
 * An analyst workload for the HTTP load test: GET /api/events URLs with the filters the web app and
 * scripts send (type, sub-event, actor, weapon, grade, date range, box, place, text, their combinations)
 * and keyset pages further down a list. Built from what the database holds (places, actors, weapons
 * read from it), deterministic for a seed. Each mix is de-duplicated: with `distinct`, no URL repeats,
 * so no answer can come from a cache.
 */
import { ACLED_TAXONOMY } from '../../src/model/event.js';
import { encodeCursor } from '../../src/store/repositories/rows.js';

export interface Vocabulary {
  places: { name: string; admin1: string; lat: number; lon: number }[];
  actors: string[];
  weapons: string[];
  /** First and last event day (YYYY-MM-DD). */
  from: string;
  to: string;
  /** Highest event id (for cursors). */
  maxId: number;
}

export const GRADES = ['confirmed', 'fair', 'weak', 'contested', 'discounted'];
const TYPES = Object.keys(ACLED_TAXONOMY);
const SUBTYPES = Object.values(ACLED_TAXONOMY).flat();

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Params = Record<string, string>;

function generators(v: Vocabulary, r: () => number) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const t0 = Date.parse(v.from);
  const span = Math.max(1, (Date.parse(v.to) - t0) / 86_400_000);
  const day = (off = 0) => new Date(t0 + Math.floor(r() * span + off) * 86_400_000).toISOString().slice(0, 10);
  const addDays = (d: string, n: number) => new Date(Date.parse(d) + n * 86_400_000).toISOString().slice(0, 10);
  /** A window of 3 days to a year, as analysts pick on the timeline. */
  const window = (): Params => {
    const len = pick([3, 7, 14, 30, 30, 60, 90, 180, 365]);
    const a = day(-len);
    return { since: a, until: addDays(a, len) };
  };
  /** A box around a place, from a town's surroundings (0.2 degrees) to a region (8 degrees). */
  const box = (): Params => {
    const p = pick(v.places);
    const h = pick([0.1, 0.25, 0.5, 1, 2, 4]) * (0.8 + r() * 0.4);
    const f = (x: number) => x.toFixed(3);
    return { bbox: [f(Math.max(-180, p.lon - h)), f(Math.max(-90, p.lat - h)), f(Math.min(180, p.lon + h)), f(Math.min(90, p.lat + h))].join(',') };
  };
  const type = (): Params => ({ type: r() < 0.3 ? pick(TYPES) : pick(SUBTYPES) });
  const actor = (): Params => ({ actor: pick(v.actors) });
  const weapon = (): Params => ({ weapon: r() < 0.15 ? 'concern' : pick(v.weapons) });
  const grade = (): Params => ({ grade: r() < 0.7 ? pick(GRADES) : [pick(GRADES.slice(0, 2)), pick(GRADES.slice(2))].join(',') });
  const place = (): Params => ({ place: r() < 0.5 ? pick(v.places).name : pick(v.places).admin1 });
  /** Words an analyst types: a province, an actor or weapon word, a town, sometimes two of them. */
  const word = (): string => {
    const p = pick(v.places);
    const w = pick([
      () => p.admin1,
      () => p.name,
      () => pick(pick(v.actors).split(' ').filter((x) => x.length > 3)),
      () => pick(v.weapons),
      () => pick(SUBTYPES).split(/[/ ]/)[0],
    ])();
    return w;
  };
  const text = (): Params => ({ q: r() < 0.7 ? word() : `${word()} ${word()}` });
  /** A keyset page further down: events older than a random point (what "next page" sends after scrolling). */
  const cursor = (): Params => ({ cursor: encodeCursor(day(), 1 + Math.floor(r() * v.maxId)) });
  return { pick, window, box, type, actor, weapon, grade, place, text, cursor };
}

const url = (p: Params) => `/api/events?${new URLSearchParams({ limit: '100', ...p }).toString()}`;

export interface Mix {
  name: string;
  paths: string[];
}

/** Build up to `n` URLs from `make`; with `distinct`, repeats are dropped (fewer may come back). */
function build(n: number, make: () => Params, distinct: boolean): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (let tries = 0; out.length < n && tries < n * 20; tries++) {
    const u = url(make());
    if (distinct && seen.has(u)) continue;
    seen.add(u);
    out.push(u);
  }
  return out;
}

export function mixes(v: Vocabulary, opts: { n?: number; seed?: number } = {}): Mix[] {
  const n = opts.n ?? 2000;
  const r = rng(opts.seed ?? 7);
  const g = generators(v, r);
  const single = [g.type, g.actor, g.weapon, g.grade, g.window, g.box, g.place, g.text];
  // One filter, first page or (40%) a later page.
  const singleMix = () => ({ ...g.pick(single)(), ...(r() < 0.4 ? g.cursor() : {}) });
  // Two or three filters at once, as built up in the filter panel, often with a date window.
  const combos: (() => Params)[] = [
    () => ({ ...g.type(), ...g.window() }),
    () => ({ ...g.actor(), ...g.weapon() }),
    () => ({ ...g.box(), ...g.window() }),
    () => ({ ...g.text(), ...g.box() }),
    () => ({ ...g.type(), ...g.actor(), ...g.window() }),
    () => ({ ...g.grade(), ...g.box() }),
    () => ({ ...g.weapon(), ...g.place() }),
    () => ({ ...g.text(), ...g.window() }),
    () => ({ ...g.type(), ...g.box() }),
    () => ({ ...g.actor(), ...g.grade(), ...g.window() }),
    () => ({ ...g.weapon(), ...g.box(), ...g.window() }),
    () => ({ ...g.type(), ...g.text() }),
  ];
  const comboMix = () => ({ ...g.pick(combos)(), ...(r() < 0.3 ? g.cursor() : {}) });
  const textMix = () => ({ ...g.text(), ...(r() < 0.3 ? g.cursor() : {}) });
  return [
    { name: 'newest 100 events', paths: [url({})] },
    { name: 'newest, keyset pages', paths: build(n, g.cursor, true) },
    { name: 'single filters', paths: build(n, singleMix, false) },
    { name: 'combined filters (distinct)', paths: build(n, comboMix, true) },
    { name: 'text search', paths: build(n, textMix, false) },
  ];
}

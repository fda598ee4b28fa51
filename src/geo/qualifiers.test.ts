import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeGazetteerFile, GazetteerVolume, type PlaceRow } from './gazetteer-file.js';
import { loadGazetteer } from './gazetteer.js';
import { geoparse } from './geoparse.js';
import { containedIn } from './resolve.js';
import { closeSpelling } from './recognize.js';

// A made-up country (cc "UA" so that Cyrillic-style priors behave as for a real one): two provinces, Norvale (01) and
// Estmark (02), each with a village called Pervoton; a district Kalden in Estmark with a village Tesko, and another
// Tesko far away in Norvale. The city Norvale is the seat of Norvale province.
const dir = mkdtempSync(join(tmpdir(), 'vigil-qual-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const p = (id: string, name: string, lat: number, lon: number, fcode: string, a1: string, a1name: string, a2name: string, pop: number, names: string[] = [name]): PlaceRow => ({
  id, name, lat, lon, fclass: fcode.startsWith('ADM') ? 'A' : 'P', fcode, cc: 'UA', a1, a1name, a2name, pop, names, adjectives: [],
});
const builtin: PlaceRow[] = [
  p('c1', 'Norvale', 47.0, 33.0, 'PPLA', '01', 'Norvale', '', 300_000),
  p('a1', 'Norvale', 47.2, 33.4, 'ADM1', '01', 'Norvale', '', 1_000_000),
  p('a2', 'Estmark', 49.0, 37.5, 'ADM1', '02', 'Estmark', '', 900_000),
  p('c2', 'Estgrad', 49.1, 37.6, 'PPLA', '02', 'Estmark', '', 400_000),
];
const country: PlaceRow[] = [
  p('v1', 'Pervoton', 46.6, 32.6, 'PPL', '01', 'Norvale', '', 120),
  p('v2', 'Pervoton', 48.7, 37.9, 'PPL', '02', 'Estmark', '', 900),
  p('d1', 'Kalden', 48.5, 38.2, 'ADM2', '02', 'Estmark', 'Kalden', 0),
  p('v3', 'Tesko', 48.55, 38.25, 'PPL', '02', 'Estmark', 'Kalden', 40),
  p('v4', 'Tesko', 46.9, 32.9, 'PPL', '01', 'Norvale', '', 700),
];
writeGazetteerFile(join(dir, 'builtin.tsv.gz'), builtin, { source: 'builtin' });
mkdirSync(join(dir, 'countries'));
writeGazetteerFile(join(dir, 'countries', 'UA.tsv.gz'), country, { source: 'builtin:UA' });
const gazetteer = loadGazetteer({ builtinFile: join(dir, 'builtin.tsv.gz'), countryDir: join(dir, 'countries'), userDir: null });
const parse = (text: string) => geoparse(text, { gazetteer });

describe('qualifiers settle homonyms', () => {
  it('"Pervoton, Norvale": the village in the named province, and the province itself, not its capital', () => {
    const t = parse('Artillery shelled Pervoton, Norvale on Monday.');
    const v = t.find((x) => x.text === 'Pervoton')!;
    expect(v.resolved!.id).toBe('v1');
    const q = t.find((x) => x.text === 'Norvale')!;
    expect(q.resolved!.featureCode).toBe('ADM1');
    expect(q.precision).toBe('province');
  });
  it('without a qualifier the larger namesake wins (the qualifier is what moved it)', () => {
    const t = parse('Artillery shelled Pervoton and Estgrad on Monday.');
    expect(t.find((x) => x.text === 'Pervoton')!.resolved!.id).toBe('v2');
  });
  it('"Tesko (Kalden, Estmark)": the village of the named district', () => {
    const t = parse('Gunmen raided Tesko (Kalden, Estmark) at night.');
    expect(t.find((x) => x.text === 'Tesko')!.resolved!.id).toBe('v3');
  });
  it('"Tesko village in Kalden district": a head word between the names', () => {
    const t = parse('Gunmen raided Tesko village in Kalden district at night.');
    expect(t.find((x) => x.text === 'Tesko')!.resolved!.id).toBe('v3');
  });
  it('a list of two cities is no qualifier: "Norvale, Estgrad"', () => {
    const t = parse('Protests were held in Norvale, Estgrad and elsewhere.');
    expect(t.find((x) => x.text === 'Norvale')!.resolved!.id).toBe('c1');
  });
});

describe('containedIn', () => {
  const vol = GazetteerVolume.load(join(dir, 'countries', 'UA.tsv.gz'), { cache: false });
  const b = GazetteerVolume.load(join(dir, 'builtin.tsv.gz'), { cache: false });
  const place = (id: string) => {
    for (const v of [vol, b]) for (let i = 0; i < v.size; i++) if (v.place(i).id === id) return v.place(i);
    throw new Error(id);
  };
  it('a province holds its own villages only', () => {
    expect(containedIn(place('v1'), place('a1'))).toBe(1);
    expect(containedIn(place('v2'), place('a1'))).toBe(0);
  });
  it('a district holds the villages that name it as their district', () => {
    expect(containedIn(place('v3'), place('d1'))).toBe(1);
    expect(containedIn(place('v4'), place('d1'))).toBe(0);
  });
  it('a town holds the places within 50 km, and nothing holds itself', () => {
    expect(containedIn(place('v4'), place('c1'))).toBeGreaterThan(0);
    expect(containedIn(place('v2'), place('c1'))).toBe(0);
    expect(containedIn(place('c1'), place('c1'))).toBe(0);
  });
});

describe('closeSpelling', () => {
  it('accepts a letter or two of difference, scaled to the length', () => {
    expect(closeSpelling('Ar Raqqah', 'ar raqqa')).toBe(true);
    expect(closeSpelling('Riga', 'ar raqqa')).toBe(false);
    expect(closeSpelling('Putian', 'putin')).toBe(true);
    expect(closeSpelling('Homs', 'hama')).toBe(false);
  });
});

describe('province names as coders write them (data/gazetteer/sources/admin1-names.tsv)', () => {
  it('a Brazilian state keeps its own name, not its seat city\'s', () => {
    const t = geoparse('Hundreds protested in Salvador on Sunday.').find((x) => x.text === 'Salvador')!;
    expect(t.resolved!.country).toBe('BR');
    expect(t.resolved!.admin1).toBe('Bahia');
  });
});

describe('a qualifier against a larger namesake', () => {
  it('"Santarem, Para": the Brazilian city in the named state, not the Portuguese district', () => {
    const t = geoparse('On Friday, in Santarem, Para, a man was shot dead.').find((x) => x.text === 'Santarem')!;
    expect(t.resolved!.country).toBe('BR');
  });
});

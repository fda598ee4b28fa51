/** The FORMAT.md metrics added for the Airwars set: perpetrator side match, location by place_kind, no-event correct. */
import { describe, expect, it } from 'vitest';
import { Scorer } from '../scorer.js';
import { sideOfName } from './sides.js';
import type { GoldDoc } from '../gold.js';
import type { PredictionLine } from '../prediction.js';

describe('sideOfName', () => {
  const rows: [string, string | null][] = [
    ['Russian Military', 'Russia'],
    ['Military Forces of Russia', 'Russia'],
    ['Turkish Military', 'Turkey'],
    ['Syrian National Army', 'Turkey'],
    ['U.S.-led Coalition', 'US-led coalition'],
    ['Military Forces of United Kingdom', 'US-led coalition'],
    ['YPG', 'Kurdish-led forces'],
    ['Syrian Democratic Forces', 'Kurdish-led forces'],
    ['Israeli Military', 'Israel'],
    ['Hezbollah', 'Iran'],
    ['Nobody In Particular', null],
  ];
  for (const [name, side] of rows) it(`${name} -> ${side}`, () => expect(sideOfName(name)).toBe(side));
});

const gold = (id: string, events: GoldDoc['events']): GoldDoc => ({ id, text: 'x', events });
const pred = (id: string, events: PredictionLine['events']): PredictionLine => ({ id, events, toponyms: [] });

describe('Scorer: perpetrator, place_kind, no-event', () => {
  it('counts a perpetrator on the gold side, a wrong side and a missing actor', () => {
    const s = new Scorer();
    s.add(gold('a', [{ actors: ['Russian Military'] }]), pred('a', [{ actors: ['Military Forces of Russia'] }]));
    s.add(gold('b', [{ actors: ['Turkish Military'] }]), pred('b', [{ actors: ['Military Forces of Russia'] }]));
    s.add(gold('c', [{ actors: ['U.S.-led Coalition'] }]), pred('c', [{}]));
    s.add(gold('d', [{ actors: ['Nobody In Particular'] }]), pred('d', [{ actors: ['Military Forces of Russia'] }]));
    const p = s.summary().perpetrator!;
    expect(p.match).toEqual({ n: 3, hits: 1, rate: 1 / 3 });
    expect(p.noActor).toBe(1);
    expect(p.bySide.find((b) => b.side === 'Russia')?.rate.hits).toBe(1);
  });
  it('scores location within within_km, else 25 km, by place_kind', () => {
    const s = new Scorer();
    const at = (lat: number, lon: number) => ({ location: { name: 'p', admin1: null, country: null, lat, lon, precision: null, precision_label: 'x' } });
    // 0.3 degrees of latitude is about 33 km
    s.add(gold('a', [{ location: { lat: 35, lon: 36, place_kind: 'village' } }]), pred('a', [at(35.1, 36)]));
    s.add(gold('b', [{ location: { lat: 35, lon: 36, place_kind: 'village' } }]), pred('b', [at(35.3, 36)]));
    s.add(gold('c', [{ location: { lat: 35, lon: 36, place_kind: 'district', within_km: 50 } }]), pred('c', [at(35.3, 36)]));
    const k = s.summary().locationByKind!;
    expect(k.find((x) => x.kind === 'village')?.rate).toEqual({ n: 2, hits: 1, rate: 0.5 });
    expect(k.find((x) => x.kind === 'district')).toMatchObject({ withinKm: 50, rate: { n: 1, hits: 1 } });
    expect(s.summary().location!.within25.hits).toBe(2);
  });
  it('no-event correct: documents whose gold is events: []', () => {
    const s = new Scorer();
    s.add(gold('a', []), pred('a', []));
    s.add(gold('b', []), pred('b', [{ event_type: 'Battles', sub_event_type: 'Armed clash' }]));
    expect(s.summary().noEvent).toEqual({ n: 2, hits: 1, rate: 0.5 });
  });
});

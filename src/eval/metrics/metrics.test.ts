import { describe, expect, it } from 'vitest';
import { classificationReport } from './classification.js';
import { pairwiseScores } from './clustering.js';
import { matchToponyms, toponymSummary } from './toponyms.js';
import { actorMatches, admin1Matches, foldWeapon } from './normalize.js';
import { matchEvents } from './event-match.js';

describe('classificationReport', () => {
  it('computes accuracy and support-weighted F1', () => {
    const r = classificationReport([
      { gold: 'A', predicted: 'A' },
      { gold: 'A', predicted: 'A' },
      { gold: 'A', predicted: 'B' },
      { gold: 'B', predicted: 'B' },
    ]);
    expect(r.accuracy).toBe(0.75);
    // A: P 1, R 2/3 -> F1 0.8; B: P 0.5, R 1 -> F1 2/3; weighted (3*0.8 + 1*2/3)/4
    expect(r.weightedF1).toBeCloseTo((3 * 0.8 + 2 / 3) / 4, 10);
  });
  it('counts a missing prediction as wrong', () => {
    expect(classificationReport([{ gold: 'A', predicted: null }]).accuracy).toBe(0);
  });
});

describe('pairwiseScores', () => {
  it('scores same-incident decisions over all pairs', () => {
    // gold: {1,2,3} {4}; predicted: {1,2} {3,4}
    const s = pairwiseScores([
      { gold: 'g1', predicted: 'p1' },
      { gold: 'g1', predicted: 'p1' },
      { gold: 'g1', predicted: 'p2' },
      { gold: 'g2', predicted: 'p2' },
    ]);
    expect(s.goldPairs).toBe(3);
    expect(s.predictedPairs).toBe(2);
    expect(s.truePairs).toBe(1);
    expect(s.precision).toBe(0.5);
    expect(s.recall).toBeCloseTo(1 / 3);
  });
});

describe('matchToponyms', () => {
  it('matches overlapping spans one to one and measures distance', () => {
    const c = matchToponyms(
      [
        { start: 0, end: 7, lat: 35.86, lon: 36.8 },
        { start: 20, end: 25, lat: 33.5, lon: 36.3 },
      ],
      [
        { start: 0, end: 5, lat: 35.87, lon: 36.81 },
        { start: 2, end: 6, lat: 0, lon: 0 },
        { start: 40, end: 45, lat: 1, lon: 1 },
      ],
    );
    const s = toponymSummary(c);
    expect(s.matched).toBe(1);
    expect(s.precision).toBeCloseTo(1 / 3);
    expect(s.recall).toBe(0.5);
    expect(s.acc161).toBe(1);
  });
  it('counts an unresolved prediction as a miss for acc@161', () => {
    const s = toponymSummary(matchToponyms([{ start: 0, end: 4, lat: 1, lon: 1 }], [{ start: 0, end: 4, lat: null, lon: null }]));
    expect(s.f1).toBe(1);
    expect(s.acc161).toBe(0);
  });
});

describe('name comparison', () => {
  it.each([
    ['Military Forces of Russia', 'Military Forces of Russia (2000-)', true],
    ['rebels', 'Syrian rebels', true],
    ['Jabhat al-Nusra', 'Ahrar al-Sham', false],
  ])('actorMatches(%s, %s) = %s', (g, p, want) => expect(actorMatches(g, p)).toBe(want));
  it.each([
    ['Idlib', 'Idlib Governorate', true],
    ['Idlib', 'Muḩāfaz̧at Idlib', true],
    ['Aleppo', 'Idlib', false],
    ['Aleppo', null, false],
  ])('admin1Matches(%s, %s) = %s', (g, p, want) => expect(admin1Matches(g, p)).toBe(want));
  it('folds weapon plurals', () => expect(foldWeapon('Cluster munitions')).toBe(foldWeapon('cluster munition')));
});

describe('matchEvents (seed checks)', () => {
  const gold = {
    id: 'x',
    text: 'irrelevant',
    published: null,
    events: [
      { kind: 'air strike', fatalities: 2, weapons: ['cluster munition'], location: { name: 'A', lat: 35, lon: 36, within_km: 10 } },
      { kind: 'shoot-down', historical: true, weapons: ['Su-24'] },
    ],
  };
  it('passes when every event is found with its fields and nothing is dated', () => {
    const r = matchEvents(gold, [
      { kind: 'air strike', fatalities: 2, weapons: ['cluster munitions'], location: { name: 'A', admin1: null, country: null, lat: 35.01, lon: 36.01, precision: 1, precision_label: 'exact' } },
      { kind: 'shoot-down', historical: true, weapons: ['Su-24'] },
    ]);
    expect(r.pass).toBe(true);
  });
  it('fails on a wrong figure, a leaked historical event and an invented date', () => {
    const r = matchEvents(gold, [
      { kind: 'air strike', fatalities: 3, date: '2016-08-02', weapons: ['cluster munition'] },
      { kind: 'shoot-down', weapons: ['Su-24'] },
    ]);
    expect(r.pass).toBe(false);
    const failed = r.events.flatMap((v) => v.checks.filter((c) => !c.pass).map((c) => c.name));
    expect(failed).toEqual(expect.arrayContaining(['fatalities', 'place', 'found']));
    expect(r.docChecks.find((c) => c.name === 'no-invented-dates')?.pass).toBe(false);
  });
});

describe('Scorer clustering', () => {
  it('scores pairs over the documents that share an incident, and separately over all', async () => {
    const { Scorer } = await import('../scorer.js');
    const sc = new Scorer();
    const doc = (id: string, incident: string) => ({ id, text: 't', incident });
    const pred = (id: string, incident: string) => ({ id, events: [], toponyms: [], incident });
    sc.add(doc('a', 'g1'), pred('a', 'p1'));
    sc.add(doc('b', 'g1'), pred('b', 'p1'));
    sc.add(doc('c', 'g2'), pred('c', 'p1')); // a singleton gold incident wrongly joined
    const s = sc.summary();
    expect(s.clustering?.documents).toBe(2);
    expect(s.clustering?.precision).toBe(1);
    expect(s.clusteringAllDocuments?.precision).toBeCloseTo(1 / 3);
  });
});

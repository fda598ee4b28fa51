import { describe, expect, it } from 'vitest';
import { Clusterer, clusterEvents, matchIncident, newIncident, summarizeIncident, clusterEventFromRecord, familyOf, type ClusterEvent } from './index.js';
import type { EventRecord } from '../model/event.js';

let n = 0;
const ev = (over: Partial<ClusterEvent> = {}): ClusterEvent => ({
  id: `e${++n}`,
  docId: `d${n}`,
  family: 'remote',
  eventType: 'Explosions/Remote violence',
  subEventType: 'Air/drone strike',
  kind: 'air strike',
  date: { start: '2016-10-10', end: '2016-10-10' },
  lat: 35.8647,
  lon: 36.8064,
  precision: 'exact',
  place: 'Saraqib',
  admin1: 'Idlib',
  country: 'SY',
  actors: ['Military Forces of Russia'],
  fatalities: { low: 5, best: 5, high: 5 },
  sourceName: `src${n}`,
  sourceKind: 'independent-media',
  attribution: 'stated',
  ...over,
});

describe('matchIncident', () => {
  it('joins the same strike reported twice and explains why', () => {
    const inc = newIncident('i1', ev());
    const m = matchIncident(ev({ lat: 35.87, lon: 36.80 }), [inc]);
    expect(m.incidentId).toBe('i1');
    expect(m.explanation.join(' ')).toMatch(/same family/);
    expect(m.explanation.join(' ')).toMatch(/km apart/);
  });

  it('refuses a different family, a far place, distant dates and disjoint actors', () => {
    const inc = newIncident('i1', ev());
    expect(matchIncident(ev({ family: 'protest' }), [inc]).incidentId).toBeNull();
    // Abu al-Duhur is ~26 km from Saraqib: too far for two exact locations (10 km).
    expect(matchIncident(ev({ lat: 35.73, lon: 37.1, place: 'Abu al-Duhur' }), [inc]).incidentId).toBeNull();
    expect(matchIncident(ev({ date: { start: '2016-10-14', end: '2016-10-14' } }), [inc]).incidentId).toBeNull();
    const inc2 = newIncident('i2', ev({ actors: ['Military Forces of Russia', 'Military Forces of Syria'] }));
    const r = matchIncident(ev({ actors: ['Islamic State', 'Kurdish forces'] }), [inc2]);
    expect(r.incidentId).toBeNull();
    expect(r.explanation.join(' ')).toMatch(/no shared actor/);
    // One differing perpetrator on each side: same incident, competing claims.
    expect(matchIncident(ev({ actors: ['Military Forces of Syria'] }), [inc]).incidentId).toBe('i1');
  });

  it('lets a province-level report join an exact one within the province radius', () => {
    const inc = newIncident('i1', ev());
    // "in Idlib province": centroid ~40 km away.
    const m = matchIncident(ev({ lat: 35.6, lon: 36.6, precision: 'province', place: 'Idlib' }), [inc]);
    expect(m.incidentId).toBe('i1');
  });

  it('tolerates a one-day difference and matches an undated report before its publication', () => {
    const inc = newIncident('i1', ev());
    expect(matchIncident(ev({ date: { start: '2016-10-11', end: '2016-10-11' } }), [inc]).incidentId).toBe('i1');
    expect(matchIncident(ev({ date: null, notAfter: '2016-10-12' }), [inc]).incidentId).toBe('i1');
    expect(matchIncident(ev({ date: null, notAfter: '2016-10-30' }), [inc]).incidentId).toBeNull();
  });
});

describe('Clusterer', () => {
  it('clusters incrementally in arrival order and indexes by day and cell', () => {
    const events = [
      ev({ id: 'a' }),
      ev({ id: 'b', lat: 35.86, lon: 36.81 }),
      ev({ id: 'c', lat: 35.73, lon: 37.1, place: 'Abu al-Duhur' }),
      ev({ id: 'd', date: { start: '2016-11-01', end: '2016-11-01' } }),
      ev({ id: 'e', family: 'battle', actors: ['Military Forces of Syria', 'Islamic State'] }),
    ];
    const r = clusterEvents(events);
    expect(r.assignments.get('a')).toBe(r.assignments.get('b'));
    expect(new Set(r.assignments.values()).size).toBe(4);
    const inc = r.incidents.find((i) => i.id === r.assignments.get('a'))!;
    expect(inc.members).toEqual(['a', 'b']);
    expect(inc.sources).toHaveLength(2);
  });

  it('keeps two events of one document apart unless asked', () => {
    const a = ev({ id: 'd#0', docId: 'd' });
    const b = ev({ id: 'd#1', docId: 'd' });
    expect(new Set(clusterEvents([a, b]).assignments.values()).size).toBe(2);
    expect(new Set(clusterEvents([a, b], { joinSameDocument: true }).assignments.values()).size).toBe(1);
  });

  it('continues from loaded incidents', () => {
    const c1 = new Clusterer();
    c1.add(ev({ id: 'x' }));
    const stored = JSON.parse(JSON.stringify(c1.incidents()));
    const c2 = new Clusterer({}, (_e, k) => `later-${k}`);
    c2.load(stored);
    expect(c2.add(ev({ id: 'y' })).created).toBe(false);
    expect(c2.add(ev({ id: 'z', family: 'protest' })).incidentId).toBe('later-1');
  });
});

describe('summarizeIncident', () => {
  it('weak with one source, fair with two independent, confirmed with an official source', () => {
    expect(summarizeIncident([ev()]).grade).toBe('weak');
    expect(summarizeIncident([ev(), ev()]).grade).toBe('fair');
    expect(summarizeIncident([ev(), ev({ sourceKind: 'official' })]).grade).toBe('confirmed');
  });
  it('two reports from one outlet are one source', () => {
    const g = summarizeIncident([ev({ sourceName: 'Same' }), ev({ sourceName: 'same ' })]);
    expect(g.independentSources).toBe(1);
    expect(g.grade).toBe('weak');
  });
  it('contested on denial or competing perpetrators, discounted when all deny', () => {
    expect(summarizeIncident([ev(), ev({ attribution: 'denied' })]).grade).toBe('contested');
    expect(summarizeIncident([ev(), ev({ actors: ['Military Forces of Syria'] })]).grade).toBe('contested');
    expect(summarizeIncident([ev({ attribution: 'denied' })]).grade).toBe('discounted');
  });
  it('only relayed allegations stay weak', () => {
    expect(summarizeIncident([ev({ attribution: 'alleged' }), ev({ attribution: 'alleged' })]).grade).toBe('weak');
  });
  it('combines fatalities low / best / high across reports', () => {
    const g = summarizeIncident([
      ev({ fatalities: { low: 5, best: 5, high: 5 } }),
      ev({ fatalities: { low: 7, best: 8, high: 9 } }),
      ev({ fatalities: { low: 12, best: 12, high: 20 } }),
      ev({ fatalities: null }),
    ]);
    expect(g.fatalities).toEqual({ low: 5, best: 8, high: 20 });
  });
});

describe('clusterEventFromRecord', () => {
  it('maps an extractor record, dropping civilians from the actor sides', () => {
    const rec = {
      id: 'doc#0', docId: 'doc', eventType: 'Explosions/Remote violence', subEventType: 'Air/drone strike', kind: 'air strike',
      date: { start: null, end: null, precision: 'unknown', relative: false, notAfter: '2016-10-12' },
      location: { name: 'Saraqib', mention: 'Sarakib', lat: 35.86, lon: 36.8, country: 'SY', admin1: 'Idlib', admin2: null, placeId: '1', precision: 'exact', geoPrecision: 1, confidence: 0.9 },
      actors: [
        { name: 'Civilians (Syria)', actorId: null, category: 'civilians', role: 'victim', mention: 'citizens' },
        { name: 'Military Forces of Russia', actorId: 'mil-russia', category: 'state', role: 'perpetrator', mention: 'Russian jets' },
      ],
      weapons: [], fatalities: { low: 5, best: 5, high: 5 }, injured: null, civilianFatalities: null, strikes: null,
      attribution: { status: 'alleged', reporters: [], officialConfirmation: null }, historical: false,
      span: { start: 0, end: 1 }, evidence: {}, extractor: { name: 'vigil', version: '0', rules: [] },
    } as unknown as EventRecord;
    const c = clusterEventFromRecord(rec, { sourceName: 'SOHR', sourceKind: 'observer' });
    expect(c.family).toBe('remote');
    expect(c.date).toBeNull();
    expect(c.notAfter).toBe('2016-10-12');
    expect(c.actors).toEqual(['Military Forces of Russia']);
    expect(c.attribution).toBe('alleged');
    expect(familyOf(null, 'shoot-down')).toBe('battle');
  });
});

describe('reports of one strike across languages and codings (issue 13 item 5)', () => {
  it('a report coding the strike as a killing of civilians joins the air strike; a protest there does not', () => {
    const inc = newIncident('i1', ev());
    const killing = matchIncident(ev({ family: 'civilian', eventType: 'Violence against civilians', subEventType: 'Attack', kind: 'killing' }), [inc]);
    expect(killing.incidentId).toBe('i1');
    expect(killing.explanation.join(' ')).toMatch(/compatible families \(civilian \/ remote\)/);
    expect(matchIncident(ev({ family: 'protest', eventType: 'Protests', subEventType: 'Peaceful protest', kind: 'protest' }), [inc]).incidentId).toBeNull();
  });

  it('two strikes on one town on different days stay apart, and an undated report of a bare strike there bridges neither', () => {
    const r = clusterEvents([
      ev({ date: { start: '2016-10-10', end: '2016-10-10' } }),
      ev({ date: { start: '2016-10-14', end: '2016-10-14' } }),
      ev({ date: null, notAfter: null, actors: [], subEventType: null, precision: 'province', lat: 35.9, lon: 36.6 }),
    ]);
    expect(new Set(r.assignments.values()).size).toBe(3);
  });

  it('a dated report finds an incident opened by an undated report of the same strike at the same place', () => {
    const undated = ev({ date: null, notAfter: null });
    const dated = ev({ lat: 35.866, lon: 36.807 });
    const r = clusterEvents([undated, dated]);
    expect(r.assignments.get(dated.id)).toBe(r.assignments.get(undated.id));
    expect(r.explanations.get(dated.id)!.join(' ')).toMatch(/joined/);
  });

  it('near-duplicate reports (a repost) count as one source when graded', async () => {
    const { fingerprint } = await import('./near-duplicate.js');
    const post = 'Warplanes struck the market of the town at noon today, killing four civilians and wounding nine, local medics said.';
    const repost = `Reposted: ${post}`;
    const other = 'Rescue teams pulled two children from the rubble of a house hit by a strike in the town this afternoon, volunteers said.';
    const g1 = summarizeIncident([ev({ fingerprint: fingerprint(post) }), ev({ fingerprint: fingerprint(repost) })]);
    expect(g1.independentSources).toBe(1);
    expect(g1.grade).toBe('weak');
    expect(g1.reasons.join(' ')).toMatch(/near-duplicate/);
    const g2 = summarizeIncident([ev({ fingerprint: fingerprint(post) }), ev({ fingerprint: fingerprint(other) })]);
    expect(g2.independentSources).toBe(2);
    expect(g2.grade).toBe('fair');
  });
});

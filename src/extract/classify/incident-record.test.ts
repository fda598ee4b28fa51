/** Incident-log lines: a date, a parenthesized incident code, then the place. Lines written for this test. */
import { describe, expect, it } from 'vitest';
import { extractDocument } from '../pipeline.js';

function events(text: string) {
  const r = extractDocument({ id: 't', source: text, language: 'en', published: '2019-06-30' });
  if (!r.ok) throw new Error(r.error.message);
  return r.doc.events.filter((e) => !e.historical);
}

describe('incident-log lines', () => {
  const TABLE: [string, string | null][] = [
    ['June 4th 2019: (K117) Kafr Nubl town, Idlib governorate, Syria', 'Kafr Nubl'],
    ['4 June 2019: (B12a) Maarat al-Numan, Idlib governorate, Syria', 'arrat'],
    ['June 3rd – 4th 2019: (K118) Saraqib city, Idlib governorate, Syria', 'Sarāqib'],
  ];
  for (const [text, place] of TABLE) {
    it(`reports one incident: ${text}`, () => {
      const ev = events(text);
      expect(ev.length).toBe(1);
      expect(ev[0].kind).toBe('reported incident');
      // The line says where, not what kind: no ACLED type is invented.
      expect(ev[0].eventType).toBeNull();
      expect(ev[0].date.start).toMatch(/^2019-06-0[34]$/);
      if (place) expect(ev[0].location?.name ?? '').toContain(place.split(' ')[0]);
      expect(ev[0].location?.admin1).toBe('Idlib');
    });
  }
  it('is coded by the event words when the line has them', () => {
    const ev = events('June 4th 2019: (K119) Air strikes hit Kafr Nubl town, Idlib governorate, Syria');
    expect(ev[0].subEventType).toBe('Air/drone strike');
  });
  it('needs the incident code: a dated sentence without one is no incident', () => {
    expect(events('June 4th 2019: the council met in Idlib (Syria) to discuss the budget.').length).toBe(0);
    expect(events('March 2019 (and again in May) the market of Idlib reopened.').length).toBe(0);
  });
});

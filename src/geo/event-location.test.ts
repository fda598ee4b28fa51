/** Event location from a country adjective: who fired is not where it happened. Sentences written for these tests. */
import { describe, expect, it } from 'vitest';
import { extractDocument } from '../extract/pipeline.js';

function firstLocation(text: string) {
  const r = extractDocument({ id: 't', source: text, language: 'en', published: '2020-03-02' });
  if (!r.ok) throw new Error('extraction failed');
  const ev = r.doc.events.find((e) => !e.historical);
  if (!ev) throw new Error('no event');
  return ev.location;
}

describe('pickEventLocation: country adjectives', () => {
  it.each([
    ['Russian warplanes struck the village at dawn, killing four civilians.'],
    ['A Turkish drone hit a car on the road out of the village, killing two men.'],
    ['Israeli air strikes destroyed two houses in the camp overnight.'],
  ])('an adjective before a long-range platform or strike is no location: %s', (text) => {
    expect(firstLocation(text)?.country ?? null).toBeNull();
  });
  it('an adjective before ground troops still gives the country, coarsely', () => {
    const loc = firstLocation('Nigerian troops clashed with gunmen near the village, killing six of them.');
    expect(loc?.country).toBe('NG');
    expect(loc?.precision).toBe('country');
  });
});

describe('pickEventLocation: frontiers and background events', () => {
  it('an adjective before "border" names a frontier, not the country of the event', () => {
    expect(firstLocation('Gunmen attacked a patrol close to the Turkish border, killing two soldiers.')?.country ?? null).toBeNull();
  });
  it('a background event does not inherit the report\'s main place', () => {
    const r = extractDocument({
      id: 't',
      source: 'Government warplanes struck the town of Saraqib on Monday, killing 6 civilians. Last year a fighter jet was shot down in the mountains.',
      language: 'en',
      published: '2020-03-05',
    });
    if (!r.ok) throw new Error('extraction failed');
    const current = r.doc.events.find((e) => !e.historical);
    const past = r.doc.events.find((e) => e.historical);
    expect(current?.location?.name).toMatch(/Sar.qib/);
    expect(past).toBeDefined();
    expect(past?.location).toBeNull();
  });
});

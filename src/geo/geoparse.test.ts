import { describe, expect, it } from 'vitest';
import { geoparse } from './geoparse.js';
import { pickEventLocation } from './event-location.js';
import { newDoc } from '../model/document.js';
import { haversineKm } from './distance.js';

const find = (text: string, mention: string) => geoparse(text).find((t) => t.text === mention);

describe('geoparse: the sample report', () => {
  const text = 'Russian jets from Hmeimim struck Sarakib on Tuesday. Shelling hit villages near the Abu Adduhor airbase in Idlib province.';
  const places = geoparse(text);

  it('resolves Sarakib to Saraqib by transliteration', () => {
    const t = places.find((p) => p.text === 'Sarakib')!;
    expect(t.resolved!.name).toBe('Sarāqib');
    expect(haversineKm(t.resolved!.lat, t.resolved!.lon, 35.864, 36.806)).toBeLessThan(2);
    expect(t.resolved!.admin1).toBe('Idlib');
  });
  it('resolves "Abu Adduhor airbase" to Abu al-Duhur Air Base', () => {
    const t = places.find((p) => p.text.startsWith('Abu Adduhor'))!;
    expect(t.resolved!.featureCode).toBe('AIRB');
    expect(haversineKm(t.resolved!.lat, t.resolved!.lon, 35.73, 37.1)).toBeLessThan(3);
  });
  it('reads "Idlib province" as the province', () => {
    const t = places.find((p) => p.text === 'Idlib')!;
    expect(t.resolved!.featureCode).toBe('ADM1');
    expect(t.precision).toBe('province');
  });
  it('marks "Russian" as an adjective of Russia', () => {
    const t = places.find((p) => p.text === 'Russian')!;
    expect(t.adjectival).toBe(true);
    expect(t.resolved!.country).toBe('RU');
  });
  it('puts the event at Saraqib, not at the base the jets came from', () => {
    const doc = newDoc({ id: 't', source: text });
    doc.places = places;
    const first = pickEventLocation(doc, { start: 0, end: text.indexOf('.') + 1 });
    expect(first.value!.name).toBe('Sarāqib');
    expect(first.value!.geoPrecision).toBe(1);
    expect(first.evidence[0].text).toBe('Sarakib');
    expect(first.rules.some((r) => r.includes('event-cue'))).toBe(true);
  });
  it('falls back to the document main place when the span names none', () => {
    const doc = newDoc({ id: 't', source: `${text} Casualties were reported.` });
    doc.places = places;
    const loc = pickEventLocation(doc, { start: text.length + 1, end: doc.text.length });
    expect(loc.value).not.toBeNull();
    expect(loc.rules).toContain('location:document-main-place');
  });
});

describe('geoparse: scripts, context and rejections', () => {
  it('reads Arabic and Cyrillic names', () => {
    expect(find('قصف على سراقب اليوم', 'سراقب')?.resolved?.name).toBe('Sarāqib');
    const ru = geoparse('Удары по Сирии продолжаются');
    expect(ru.some((t) => t.resolved?.country === 'SY')).toBe(true);
  });
  it('gives "near X" and "X countryside" the near precision', () => {
    expect(find('Clashes near Manbij left two dead.', 'Manbij')?.precision).toBe('near');
    expect(find('Shelling on the Hama countryside.', 'Hama')?.precision).toBe('near');
  });
  it('rejects person names and everyday words that are also places', () => {
    const t = geoparse('Mr. Jordan said the March report was fine. Laura Ingraham spoke. Reading is popular.');
    expect(t.map((x) => x.text)).toEqual([]);
  });
  it('keeps a place inside an organization name but marks it embedded', () => {
    const t = find('The Washington Post reported it first.', 'Washington');
    expect(t?.rule.startsWith('embedded:')).toBe(true);
  });
  it('uses the document context to choose among same-named places', () => {
    const t = find('Floods hit Parkland, Florida on Monday.', 'Parkland');
    expect(t?.resolved?.admin1).toBe('Florida');
  });
  it('returns runner-up candidates and a confidence', () => {
    const t = find('Fighting was reported in Tripoli.', 'Tripoli')!;
    expect(t.alternatives.length).toBeGreaterThan(0);
    expect(t.confidence).toBeGreaterThan(0);
    expect(t.confidence).toBeLessThanOrEqual(1);
  });
});

describe('geoparse: a province known to the gazetteer only by another name', () => {
  it('reads "Raqqa governorate" as the province even when only its seat matches "Raqqa"', () => {
    const t = find('Strikes on a village, Raqqa governorate, Syria', 'Raqqa')!;
    expect(t.resolved!.admin1).toBe('Ar Raqqah');
    expect(t.precision).toBe('province');
  });
});

describe('geoparse: a place is no context for itself', () => {
  it('two spellings of one name do not vote twice for a namesake abroad', () => {
    const t = geoparse('Two shells fell on المنصورة, a village west of Raqqa in Syria.').find((p) => p.text === 'المنصورة')!;
    expect(t.resolved!.country).toBe('SY');
  });
});

describe('pickEventLocation: the document country is voted by place size', () => {
  it('a city of millions outvotes a hamlet abroad that the same text names', () => {
    const text = 'A car bomb exploded near the Castello bridge in Aleppo.';
    const doc = newDoc({ id: 't', source: text });
    doc.places = geoparse(text);
    expect(pickEventLocation(doc, { start: 0, end: text.length }).value!.country).toBe('SY');
  });
});

describe('pickEventLocation: a namesake abroad', () => {
  it('loses to a place in the document country even when its clause holds the deaths', () => {
    const text = 'Shells fell on Aleppo and two people were killed in Castello.';
    const doc = newDoc({ id: 't', source: text });
    doc.places = geoparse(text);
    expect(pickEventLocation(doc, { start: 0, end: text.length }).value!.country).toBe('SY');
  });
  it('does not read the group name "Ahrar al-Sham" as Damascus', () => {
    expect(geoparse('Ahrar al-Sham fighters attacked a checkpoint in Ariha').some((t) => t.resolved?.name === 'Damascus')).toBe(false);
  });
});

describe('geoparse: a hamlet abroad', () => {
  it('is dropped when nothing else in the text is in its country and something is elsewhere', () => {
    const places = geoparse('More casualties in Arbin and clashes in the Eastern Ghouta');
    expect(places.some((t) => t.resolved?.country === 'FR')).toBe(false);
  });
  it('is kept in a text about its own country', () => {
    const places = geoparse('The mayor of Arbin in Savoie met farmers near Chambery');
    expect(places.find((t) => t.text === 'Arbin')?.resolved?.country).toBe('FR');
  });
});

describe('geoparse: unknown populations', () => {
  it('a district seat with no population in GeoNames is no hamlet', () => {
    const t = geoparse('Two men were shot in al-Busayrah, east of Deir Ezzor').find((p) => p.text === 'al-Busayrah');
    expect(t?.resolved?.country).toBe('SY');
  });
});

describe('pickEventLocation: a regional head governs a coordination', () => {
  it('"the countryside of Idlib and Saraqib" is a region, not the town Saraqib', () => {
    const text = 'Shelling hit the countryside of Idlib and Saraqib on Monday.';
    const doc = newDoc({ id: 't', source: text });
    doc.places = geoparse(text);
    const r = pickEventLocation(doc, { start: 0, end: text.length });
    expect(r.value!.name).toBe('Idlib');
  });
});

describe('geoparse: context words are looked up as data, not as object properties', () => {
  it('"constructor" after a name is no place head, "province" is', () => {
    expect(find('Shelling hit the Aleppo constructor yard on Monday.', 'Aleppo')?.rule).toBe('gazetteer');
    expect(find('Shelling hit Aleppo province on Monday.', 'Aleppo')?.rule).toBe('context:x-province');
  });
  it('"constructor" before a name is no cue, "the city of" is', () => {
    expect(find('Shelling hit the constructor Homs depot.', 'Homs')?.rule).toBe('gazetteer');
    expect(find('Shelling hit the city of Homs.', 'Homs')?.rule).toBe('context:the-city-of');
  });
});

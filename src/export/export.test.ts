import { describe, expect, it } from 'vitest';
import { ACLED_COLUMNS, acledRecord, csvCell, geoJsonChunksAsync, toAcledCsv, toGeoJson, toJsonLines, countryInfo, exportRowFromRecord, type ExportRow } from './index.js';
import type { EventRecord } from '../model/event.js';

const row = (over: Partial<ExportRow> = {}): ExportRow => ({
  id: 'ev-1',
  date: '2016-10-10',
  datePrecision: 'day',
  eventType: 'Explosions/Remote violence',
  subEventType: 'Air/drone strike',
  actor1: 'Military Forces of Russia',
  actor1Category: 'state',
  actor2: 'Civilians (Syria)',
  actor2Category: 'civilians',
  country: 'SY',
  admin1: 'Idlib',
  location: 'Saraqib',
  latitude: 35.8647,
  longitude: 36.8064,
  geoPrecision: 1,
  sources: ['Observer Network', 'A; B News'],
  fatalities: 5,
  tags: ['weapon-of-concern=cluster munition'],
  ...over,
});

/** Minimal RFC 4180 reader for checking our own output round-trips. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let f = '', r: string[] = [], q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') { f += '"'; i++; } else if (c === '"') q = false; else f += c;
    } else if (c === '"') q = true;
    else if (c === ',') { r.push(f); f = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { r.push(f); rows.push(r); r = []; f = ''; i++; }
    else f += c;
  }
  return rows;
}

describe('ACLED CSV', () => {
  it('writes ACLED column names in order and derived codes', () => {
    const csv = toAcledCsv([row()]);
    const [head, first] = readCsv(csv);
    expect(head).toEqual([...ACLED_COLUMNS]);
    const rec = Object.fromEntries(head.map((h, i) => [h, first[i]]));
    expect(rec.iso).toBe('760');
    expect(rec.country).toBe('Syria');
    expect(rec.region).toBe('Middle East');
    expect(rec.inter1).toBe('1');
    expect(rec.inter2).toBe('7');
    expect(rec.interaction).toBe('17');
    expect(rec.disorder_type).toBe('Political violence');
    expect(rec.time_precision).toBe('1');
    expect(rec.year).toBe('2016');
    expect(rec.longitude).toBe('36.8064');
    expect(rec.source).toBe('Observer Network; A, B News');
  });

  it('quotes commas, quotes and newlines and round-trips', () => {
    const notes = 'He said "no", then\nleft, again';
    const [, first] = readCsv(toAcledCsv([row({ notes })]));
    expect(first[ACLED_COLUMNS.indexOf('notes')]).toBe(notes);
    expect(first).toHaveLength(ACLED_COLUMNS.length);
  });

  it('neutralizes formula injection but keeps negative numbers', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+1 555')).toBe("'+1 555");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-cmd|calc')).toBe("'-cmd|calc");
    expect(csvCell('-73.5')).toBe('-73.5');
    const rec = acledRecord(row({ location: '=cmd', longitude: -3.25 }));
    expect(rec.longitude).toBe('-3.25');
    expect(toAcledCsv([row({ location: '=cmd' })])).toContain(",'=cmd,");
  });

  it('country lookup by name and code', () => {
    expect(countryInfo('Syria')?.alpha2).toBe('SY');
    expect(countryInfo('ua')?.name).toBe('Ukraine');
    expect(countryInfo('Atlantis')).toBeNull();
  });
});

describe('GeoJSON', () => {
  it('is a FeatureCollection with [lon, lat] points and null geometry when unlocated', () => {
    const fc = JSON.parse(toGeoJson([row(), row({ id: 'ev-2', latitude: null, longitude: null })]));
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(2);
    expect(fc.features[0].geometry).toEqual({ type: 'Point', coordinates: [36.8064, 35.8647] });
    expect(fc.features[0].properties.event_type).toBe('Explosions/Remote violence');
    expect(fc.features[1].geometry).toBeNull();
  });

  it('streams asynchronously and handles zero rows', async () => {
    async function* none(): AsyncGenerator<ExportRow> {}
    let s = '';
    for await (const c of geoJsonChunksAsync(none())) s += c;
    expect(JSON.parse(s)).toEqual({ type: 'FeatureCollection', features: [] });
  });
});

describe('JSON Lines', () => {
  it('one object per line even with newlines in values', () => {
    const out = toJsonLines([row({ notes: 'a\nb\u2028c' }), row({ id: 'ev-2' })]);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]).notes).toBe('a\nb\u2028c');
  });
});

describe('ACLED conventions from an event record', () => {
  const record = (over: Partial<EventRecord> = {}): EventRecord => ({
    id: 'doc#1',
    docId: 'doc',
    eventType: 'Protests',
    subEventType: 'Protest with intervention',
    kind: 'protest',
    date: { start: '2019-04-12', end: '2019-04-12', precision: 'day', relative: false, notAfter: null },
    location: { name: 'Khartoum', mention: 'Khartoum', lat: 15.55, lon: 32.53, country: 'SD', admin1: 'Khartoum', admin2: null, placeId: null, precision: 'city', geoPrecision: 1, confidence: 0.9 } as EventRecord['location'],
    // the extractor saw the police act and the protesters as their target; police categorised wrongly as civilians
    actors: [
      { name: 'Police Forces', actorId: null, category: 'civilians', role: 'perpetrator', mention: 'police' },
      { name: 'Protesters', actorId: null, category: 'protesters', role: 'target', mention: 'students' },
    ],
    weapons: [],
    fatalities: null,
    injured: null,
    civilianFatalities: null,
    strikes: null,
    attribution: { status: 'stated', reporters: [], officialConfirmation: null },
    historical: false,
    span: { start: 0, end: 10 },
    evidence: {},
    extractor: { name: 'vigil', version: 'test', rules: [] },
    ...over,
  });

  it('a protest with police: protesters are actor1, police (state forces) actor2, codes 6/1/16, no civilian targeting, a notes sentence', () => {
    const row = exportRowFromRecord(record(), { sources: ['Khartoum Campus News'], sourceKinds: ['independent-media'] });
    const rec = acledRecord(row);
    expect(rec.actor1).toBe('Protesters (Sudan)');
    expect(rec.actor2).toBe('Police Forces of Sudan');
    expect([rec.inter1, rec.inter2, rec.interaction]).toEqual(['6', '1', '16']);
    expect(rec.civilian_targeting).toBe('');
    expect(rec.source_scale).toBe('National');
    expect(rec.time_precision).toBe('1');
    expect(rec.event_date).toBe('2019-04-12');
    expect(rec.notes).toBe('On 12 April 2019, Protesters (Sudan) demonstrated and were met by Police Forces of Sudan in Khartoum; no fatalities reported (source: Khartoum Campus News).');
  });

  it('excessive force puts the force first; a protest with no other party has inter2 0 and interaction 60', () => {
    const ex = acledRecord(exportRowFromRecord(record({ subEventType: 'Excessive force against protesters' })));
    expect([ex.actor1, ex.actor2, ex.interaction]).toEqual(['Police Forces of Sudan', 'Protesters (Sudan)', '16']);
    const alone = acledRecord(exportRowFromRecord(record({ subEventType: 'Peaceful protest', actors: [{ name: 'Protesters', actorId: null, category: 'protesters', role: 'participant', mention: 'crowd' }] })));
    expect([alone.actor1, alone.inter1, alone.actor2, alone.inter2, alone.interaction]).toEqual(['Protesters (Sudan)', '6', '', '0', '60']);
    expect(alone.notes).toMatch(/^On 12 April 2019, Protesters \(Sudan\) demonstrated in Khartoum; no fatalities reported\.$/);
  });

  it('civilian targeting only when civilians are the target; unknown perpetrator coded as an unidentified armed group', () => {
    const battle = acledRecord(exportRowFromRecord(record({ eventType: 'Battles', subEventType: 'Armed clash', actors: [
      { name: 'Military Forces of Sudan', actorId: null, category: 'state', role: 'perpetrator', mention: 'army' },
      { name: 'Rapid Support Forces', actorId: null, category: 'political-militia', role: 'target', mention: 'RSF' },
    ], civilianFatalities: { low: 1, best: 1, high: 1 } })));
    expect(battle.civilian_targeting).toBe('');
    expect(battle.interaction).toBe('13');
    const vac = acledRecord(exportRowFromRecord(record({ eventType: 'Violence against civilians', subEventType: 'Attack', actors: [], fatalities: { low: 2, best: 2, high: 2 } })));
    expect([vac.actor1, vac.actor2, vac.inter1, vac.inter2, vac.civilian_targeting]).toEqual(['Unidentified Armed Group (Sudan)', 'Civilians (Sudan)', '3', '7', 'Civilian targeting']);
    expect(vac.notes).toContain('2 fatalities reported');
  });

  it('undated: empty date, never today; JSON Lines and GeoJSON carry the same ACLED values as the CSV', () => {
    const undated = exportRowFromRecord(record({ date: { start: null, end: null, precision: 'unknown', relative: false, notAfter: '2019-04-13' } }));
    const rec = acledRecord(undated);
    expect([rec.event_date, rec.year, rec.time_precision]).toEqual(['', '', '']);
    expect(rec.notes).toMatch(/^On an unknown date, /);
    const line = JSON.parse(toJsonLines([undated]));
    const feature = JSON.parse(toGeoJson([undated])).features[0].properties;
    for (const [k, v] of [['inter1', 6], ['inter2', 1], ['interaction', 16], ['notes', rec.notes]] as const) expect(line[k]).toBe(v);
    expect(feature.notes).toBe(rec.notes);
    expect(feature.interaction).toBe('16');
    expect(line.date).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { ACLED_COLUMNS, acledRecord, csvCell, geoJsonChunksAsync, toAcledCsv, toGeoJson, toJsonLines, countryInfo, type ExportRow } from './index.js';

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

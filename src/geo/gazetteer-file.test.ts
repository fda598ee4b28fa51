import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GazetteerVolume, KeyFilter, writeGazetteerFile, type PlaceRow } from './gazetteer-file.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-gzf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const row = (id: string, names: string[], adjectives: string[] = []): PlaceRow => ({
  id, name: names[0]!, lat: 1, lon: 2, fclass: 'P', fcode: 'PPL', cc: 'SY', a1: '01', a1name: 'A', a2name: '', pop: 100, names, adjectives,
});
const rows = [
  row('1', ['Khan Shaykhun', 'Khan Sheikhoun']),
  row('2', ['Sarāqib', 'سراقب']),
  row('3', ['Deir ez-Zor'], ['Deiri']),
  row('4', ['Łódź', 'Лодзь']),
  row('5', ['𝔘nicode Town']),
];

describe('key filter', () => {
  const file = join(dir, 'small.vgz');
  writeGazetteerFile(file, rows, { source: 'test' });
  const vol = GazetteerVolume.load(file, { cache: false });
  // Every key of the index and every word / transliteration prefix of one must pass the filter.
  const keys: string[] = [];
  for (let i = 0; i < vol.keyCount; i++) {
    const k = (vol as unknown as { buf: Buffer }).buf;
    const start = vol.keyStarts[i]!;
    keys.push(k.toString('utf8', start, k.indexOf(9, start)));
  }

  it('finds every key and every prefix the recognizer asks about', () => {
    expect(keys.length).toBeGreaterThan(10);
    for (const k of keys) {
      expect(vol.lookup(k).length, k).toBeGreaterThan(0);
      for (let j = 1; j <= k.length; j++) {
        const p = k.slice(0, j);
        if (/[\ud800-\udbff]$/.test(p)) continue; // half of a surrogate pair is no prefix of the UTF-8 key
        if (p.startsWith('~') || p.endsWith(' ')) expect(vol.hasPrefix(p), p).toBe(true);
      }
    }
    expect(vol.hasPrefix('khan ')).toBe(true);
    expect(vol.lookup('سراقب')).toEqual([1]);
  });

  it('answers like the index for keys and prefixes that are absent', () => {
    for (const k of ['khan', 'khan x', 'saraq', 'deir ez', 'lodz x', '~zzz', '~sarakabz', 'qqq ', '@deir']) {
      expect(vol.lookup(k), k).toEqual([]);
    }
    expect(vol.hasPrefix('~zzz')).toBe(false);
    expect(vol.hasPrefix('qqq ')).toBe(false);
    expect(vol.hasPrefix('khan shaykhun ')).toBe(false);
    // Shapes the filter does not hold still get the index's answer.
    expect(vol.hasPrefix('kha')).toBe(true);
    expect(vol.hasPrefix('xyz')).toBe(false);
  });

  it('round-trips through bytes, and rejects bytes of another volume', () => {
    const vb = vol as unknown as { buf: Buffer };
    const f = KeyFilter.build(vb.buf, vol.keyStarts);
    const g = KeyFilter.fromBytes(f.toBytes(vol.keyCount), vol.keyCount)!;
    expect(g).not.toBeNull();
    for (const k of keys) expect(g.mayHaveKey('', k)).toBe(true);
    expect(g.mayHaveKey('@', 'deiri')).toBe(true);
    expect(KeyFilter.fromBytes(f.toBytes(vol.keyCount), vol.keyCount + 1)).toBeNull();
    expect(KeyFilter.fromBytes(Buffer.from('not a filter'), vol.keyCount)).toBeNull();
  });
});

describe('cached load', () => {
  it('reads place lines from the cache file on demand, equal to the decompressed ones', () => {
    const file = join(dir, 'lazy.vgz');
    writeGazetteerFile(file, rows, { source: 'test' });
    const eager = GazetteerVolume.load(file, { cache: false });
    GazetteerVolume.load(file); // writes the cache
    const lazy = GazetteerVolume.load(file); // reads it, place lines left on disk
    expect(lazy.bytes).toBeLessThan(eager.bytes);
    for (let i = 0; i < eager.size; i++) expect(lazy.place(i)).toEqual(eager.place(i));
    expect(lazy.lookup('saraqib')).toEqual(eager.lookup('saraqib'));
  });
});

/**
 * The compact gazetteer file (built-in data/gazetteer/gazetteer.tsv.gz, and each user import).
 *
 * One gzipped UTF-8 text, two sections, so that loading is "gunzip + find line starts" with no parsing:
 *   #vigil-gazetteer\t1\t<source>\t<places>\t<keys>
 *   <places lines>  id \t name \t lat \t lon \t fclass \t fcode \t cc \t a1 \t a1name \t a2name \t pop
 *   #index
 *   <index lines>   key \t row,row,row   (rows in base 36, best first; keys sorted by UTF-16 code units)
 * Keys: "<fold>" exact name, "~<skeleton>" transliteration-tolerant, "@<fold>" / "@~<skeleton>" adjectives,
 * ".<fold>" dotted abbreviations ("Ga." -> ".ga").
 * Lookups binary-search the index lines in place; a place line is split only when a candidate is used.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { foldKey, skeletonKey } from './normalize.js';

export interface PlaceRow {
  id: string;
  name: string;
  lat: number;
  lon: number;
  fclass: string;
  fcode: string;
  cc: string;
  a1: string;
  a1name: string;
  a2name: string;
  pop: number;
  /** All names to index (main name first). */
  names: string[];
  adjectives: string[];
  /** Dotted abbreviations ("Ga.", "N.Y."), indexed under "."+fold so that they match only with their dot. */
  abbreviations?: string[];
  /** Seat (capital) of an administrative area: where ACLED puts province-level events. */
  seat?: { lat: number; lon: number; name: string };
}

export type PlaceRecord = Omit<PlaceRow, 'names' | 'adjectives' | 'abbreviations'> & { row: number; source: string };
// Place line columns 12-14 (optional): seat lat, seat lon, seat name.

/** Most candidates kept per key (the most important first). */
const MAX_POSTINGS = 40;

const clean = (s: string): string => s.replace(/[\t\n\r]+/g, ' ');

/** Rank used to order postings: administrative importance first, then population. */
export function importance(r: Pick<PlaceRow, 'fcode' | 'pop'>): number {
  const boost: Record<string, number> = { PCLI: 1e10, CONT: 9e9, RGN: 5e9, ADM1: 2e7, PPLC: 5e6, PPLA: 1e6, AIRB: 5e4 };
  return r.pop + (boost[r.fcode] ?? 0);
}

export function buildKeys(r: Pick<PlaceRow, 'names' | 'adjectives' | 'abbreviations'>): Set<string> {
  const keys = new Set<string>();
  for (const a of r.abbreviations ?? []) {
    const f = foldKey(a);
    if (f) keys.add(`.${f}`);
  }
  for (const n of r.names) {
    const f = foldKey(n);
    if (f.length < 2) continue;
    keys.add(f);
    const s = skeletonKey(f);
    if (s.length >= 3) keys.add(`~${s}`);
  }
  for (const a of r.adjectives) {
    const f = foldKey(a);
    if (f.length < 2) continue;
    keys.add(`@${f}`);
    const s = skeletonKey(f);
    if (s.length >= 3) keys.add(`@~${s}`);
  }
  return keys;
}

export function writeGazetteerFile(path: string, rows: PlaceRow[], opts: { source: string }): { places: number; keys: number; bytes: number } {
  const postings = new Map<string, number[]>();
  rows.forEach((r, i) => {
    for (const k of buildKeys(r)) {
      let p = postings.get(k);
      if (!p) postings.set(k, (p = []));
      p.push(i);
    }
  });
  // UTF-8 byte order: the loader binary-searches the raw bytes without decoding them.
  const keys = [...postings.keys()].map((k) => [k, Buffer.from(k, 'utf8')] as const).sort((a, b) => Buffer.compare(a[1], b[1])).map((x) => x[0]);
  const lines: string[] = [`#vigil-gazetteer\t1\t${clean(opts.source)}\t${rows.length}\t${keys.length}`];
  for (const r of rows) {
    const seat = r.seat ? [r.seat.lat, r.seat.lon, r.seat.name] : [];
    lines.push([r.id, r.name, r.lat, r.lon, r.fclass, r.fcode, r.cc, r.a1, r.a1name, r.a2name, Math.round(r.pop), ...seat].map((x) => clean(String(x))).join('\t'));
  }
  lines.push('#index');
  for (const k of keys) {
    const p = postings.get(k)!.sort((a, b) => importance(rows[b]) - importance(rows[a])).slice(0, MAX_POSTINGS);
    lines.push(`${k}\t${p.map((x) => x.toString(36)).join(',')}`);
  }
  const buf = gzipSync(Buffer.from(lines.join('\n') + '\n', 'utf8'), { level: 9 });
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, buf);
  return { places: rows.length, keys: keys.length, bytes: buf.length };
}

/** A loaded gazetteer file: place lines and index lines addressed by byte offsets into one buffer. */
export class GazetteerVolume {
  readonly source: string;
  private readonly buf: Buffer;
  readonly placeStarts: Int32Array;
  readonly keyStarts: Int32Array;
  private readonly cache = new Map<number, PlaceRecord>();

  constructor(buf: Buffer, offsets?: Int32Array) {
    const headEnd = buf.indexOf(10);
    const head = buf.toString('utf8', 0, headEnd).split('\t');
    if (head[0] !== '#vigil-gazetteer') throw new Error('not a vigil gazetteer file');
    this.source = head[2];
    const nPlaces = Number(head[3]);
    const nKeys = Number(head[4]);
    this.buf = buf;
    if (offsets && offsets.length === nPlaces + nKeys) {
      this.placeStarts = offsets.subarray(0, nPlaces);
      this.keyStarts = offsets.subarray(nPlaces);
      return;
    }
    this.placeStarts = new Int32Array(nPlaces);
    let pos = headEnd + 1;
    for (let i = 0; i < nPlaces; i++) {
      this.placeStarts[i] = pos;
      pos = buf.indexOf(10, pos) + 1;
    }
    pos = buf.indexOf(10, pos) + 1; // skip "#index"
    this.keyStarts = new Int32Array(nKeys);
    for (let i = 0; i < nKeys; i++) {
      this.keyStarts[i] = pos;
      pos = buf.indexOf(10, pos) + 1;
    }
  }

  /**
   * Loads a gazetteer file. Gunzipping the built-in 40 MB costs ~0.3-0.5 s, so the decompressed bytes are
   * kept in a cache file (os.tmpdir()/vigil-gazetteer-cache, keyed by size and mtime) that later processes read
   * in a few tens of milliseconds. The cache is best effort: any error falls back to gunzip.
   */
  static load(path: string, opts: { cache?: boolean } = {}): GazetteerVolume {
    const st = statSync(path);
    const cacheFile = join(tmpdir(), 'vigil-gazetteer-cache', `${basename(path)}-${st.size}-${Math.floor(st.mtimeMs)}.tsv`);
    if (opts.cache !== false) {
      try {
        if (existsSync(cacheFile) && existsSync(`${cacheFile}.off`)) {
          const b = readFileSync(cacheFile);
          const o = readFileSync(`${cacheFile}.off`);
          const offsets = new Int32Array(o.buffer, o.byteOffset, o.length >> 2);
          if (b.length > 20 && b.toString('utf8', 0, 16) === '#vigil-gazetteer') return new GazetteerVolume(b, offsets);
        }
      } catch {
        // unreadable cache: decompress below
      }
    }
    const raw = readFileSync(path);
    const gz = raw[0] === 0x1f && raw[1] === 0x8b;
    const buf = gz ? gunzipSync(raw) : raw;
    const vol = new GazetteerVolume(buf);
    if (gz && opts.cache !== false) {
      try {
        mkdirSync(dirname(cacheFile), { recursive: true });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        // Line offsets too (little-endian Int32), so a cached load does no scanning at all.
        const off = new Int32Array(vol.placeStarts.length + vol.keyStarts.length);
        off.set(vol.placeStarts, 0);
        off.set(vol.keyStarts, vol.placeStarts.length);
        writeFileSync(`${tmp}.off`, Buffer.from(off.buffer));
        renameSync(`${tmp}.off`, `${cacheFile}.off`);
        writeFileSync(tmp, buf);
        renameSync(tmp, cacheFile);
      } catch {
        // read-only temp dir: no cache
      }
    }
    return vol;
  }

  get size(): number {
    return this.placeStarts.length;
  }
  get keyCount(): number {
    return this.keyStarts.length;
  }
  /** Bytes held in memory by the data (the buffer and the two offset tables). */
  get bytes(): number {
    return this.buf.length + this.placeStarts.byteLength + this.keyStarts.byteLength;
  }

  /** Compare UTF-8 `key` with the key of index line i (byte order; the line key ends at its tab). */
  private cmp(key: Buffer, i: number): number {
    const b = this.buf;
    let p = this.keyStarts[i];
    for (let j = 0; ; j++, p++) {
      const x = j < key.length ? key[j] : -1;
      const c = b[p];
      const y = c === 9 ? -1 : c;
      if (x !== y) return x - y;
      if (x === -1) return 0;
    }
  }

  private find(key: Buffer): number {
    let lo = 0;
    let hi = this.keyStarts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = this.cmp(key, mid);
      if (c === 0) return mid;
      if (c < 0) hi = mid - 1;
      else lo = mid + 1;
    }
    return -lo - 1;
  }

  /** Rows (best first) indexed under `key`, or an empty array. */
  lookup(key: string): number[] {
    const k = Buffer.from(key, 'utf8');
    const i = this.find(k);
    if (i < 0) return [];
    const start = this.keyStarts[i] + k.length + 1;
    const end = this.buf.indexOf(10, start);
    return this.buf.toString('latin1', start, end).split(',').map((x) => parseInt(x, 36));
  }

  /** True when some key starts with `prefix` (lets the matcher stop extending a window early). */
  hasPrefix(prefix: string): boolean {
    const k = Buffer.from(prefix, 'utf8');
    const i = this.find(k);
    if (i >= 0) return true;
    const at = -i - 1;
    if (at >= this.keyStarts.length) return false;
    const p = this.keyStarts[at];
    return this.buf.compare(k, 0, k.length, p, p + k.length) === 0;
  }

  place(row: number): PlaceRecord {
    let r = this.cache.get(row);
    if (r) return r;
    const start = this.placeStarts[row];
    const f = this.buf.toString('utf8', start, this.buf.indexOf(10, start)).split('\t');
    r = {
      row, source: this.source, id: f[0], name: f[1], lat: Number(f[2]), lon: Number(f[3]), fclass: f[4], fcode: f[5],
      cc: f[6], a1: f[7], a1name: f[8], a2name: f[9], pop: Number(f[10]) || 0,
    };
    if (f.length >= 14 && f[11]) r.seat = { lat: Number(f[11]), lon: Number(f[12]), name: f[13] };
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(row, r);
    return r;
  }
}

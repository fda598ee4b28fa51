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
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';
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

export type PlaceRecord = Omit<PlaceRow, 'names' | 'adjectives' | 'abbreviations'> & {
  row: number;
  source: string;
  /** What candidate scoring derives from the record alone, kept on it by resolve.ts (see staticsOf there). */
  statics?: unknown;
};
// Place line columns 12-14 (optional): seat lat, seat lon, seat name.

/** Most place records kept in memory by all volumes together (each line is parsed again after a clear). */
const PLACE_CACHE_MAX = 50_000;

/** Most candidates kept per key (the most important first). */
const MAX_POSTINGS = 150;

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
  /** Bloom filters of the index keys and of the prefixes hasPrefix is asked about (see KeyFilter); built on first use. */
  private filter: KeyFilter | null = null;
  /** Where load() keeps the decompressed bytes; the key filter is kept beside them (".flt"). */
  private filterCache: string | null = null;

  /**
   * Place lines left on disk (a cached load): their file and where the last one ends. Only the index is held in
   * memory; a place line is read when a candidate is used (and kept in `cache`). Halves the memory of the country
   * volumes, whose place lines are about half their bytes.
   */
  private readonly fd: number | null = null;
  private readonly placesEnd: number = 0;
  private static scratch = Buffer.allocUnsafe(1024);
  /** Place records cached by all volumes together, and the volumes holding some (see place()). */
  private static cached = 0;
  private static readonly live = new Set<GazetteerVolume>();

  constructor(buf: Buffer, offsets?: Int32Array, lazy?: { fd: number; head: string; base: number }) {
    const headEnd = lazy ? -1 : buf.indexOf(10);
    const head = (lazy ? lazy.head : buf.toString('utf8', 0, headEnd)).split('\t');
    if (head[0] !== '#vigil-gazetteer') throw new Error('not a vigil gazetteer file');
    this.source = head[2];
    const nPlaces = Number(head[3]);
    const nKeys = Number(head[4]);
    this.buf = buf;
    if (lazy && offsets && offsets.length === nPlaces + nKeys) {
      // buf holds the file from the first index line on: index offsets are made relative to it.
      this.fd = lazy.fd;
      this.placeStarts = offsets.subarray(0, nPlaces);
      this.keyStarts = offsets.subarray(nPlaces);
      for (let i = 0; i < this.keyStarts.length; i++) this.keyStarts[i] -= lazy.base;
      this.placesEnd = lazy.base - '#index\n'.length - 1;
      return;
    }
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
          const o = readFileSync(`${cacheFile}.off`);
          // A copy: the offsets are rewritten (relative to the index), and a pooled small buffer may be shared.
          const offsets = new Int32Array(o.length >> 2);
          offsets.set(new Int32Array(o.buffer.slice(o.byteOffset, o.byteOffset + (o.length & ~3))));
          const vol = GazetteerVolume.openCached(cacheFile, offsets);
          if (vol) {
            vol.filterCache = `${cacheFile}.flt`;
            return vol;
          }
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
        vol.filterCache = `${cacheFile}.flt`;
      } catch {
        // read-only temp dir: no cache
      }
    }
    return vol;
  }

  /** The volume of a decompressed cache file with its line offsets, place lines left on disk; null if unusable. */
  private static openCached(file: string, offsets: Int32Array): GazetteerVolume | null {
    const fd = openSync(file, 'r');
    try {
      const size = fstatSync(fd).size;
      const hb = Buffer.alloc(Math.min(size, 256));
      readSync(fd, hb, 0, hb.length, 0);
      const nl = hb.indexOf(10);
      if (nl < 0 || hb.toString('utf8', 0, 16) !== '#vigil-gazetteer') throw new Error('bad cache');
      const head = hb.toString('utf8', 0, nl);
      const f = head.split('\t');
      const nPlaces = Number(f[3]);
      if (offsets.length !== nPlaces + Number(f[4]) || nPlaces + Number(f[4]) === 0) throw new Error('bad offsets');
      const base = offsets[nPlaces] ?? size;
      const buf = Buffer.allocUnsafe(size - base);
      let got = 0;
      while (got < buf.length) {
        const r = readSync(fd, buf, got, buf.length - got, base + got);
        if (r <= 0) throw new Error('short read');
        got += r;
      }
      return new GazetteerVolume(buf, offsets, { fd, head, base });
    } catch {
      closeSync(fd);
      return null;
    }
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

  /** The key filter, built on first use (a few hundred ms for the built-in file, so not at load). */
  private keyFilter(): KeyFilter {
    if (this.filter) return this.filter;
    const file = this.filterCache;
    if (file) {
      try {
        if (existsSync(file)) this.filter = KeyFilter.fromBytes(readFileSync(file), this.keyStarts.length);
      } catch {
        // unreadable cache: build below
      }
    }
    if (!this.filter) {
      this.filter = KeyFilter.build(this.buf, this.keyStarts);
      if (file) {
        try {
          const tmp = `${file}.${process.pid}.tmp`;
          writeFileSync(tmp, this.filter.toBytes(this.keyStarts.length));
          renameSync(tmp, file);
        } catch {
          // read-only temp dir: no cache
        }
      }
    }
    return this.filter;
  }

  /** False when `tag + key` is certainly not in the index (see KeyFilter). */
  mayHaveKey(tag: string, key: string): boolean {
    return this.keyFilter().mayHaveKey(tag, key);
  }

  /** False when certainly no key starts with `tag + key + tail` (see KeyFilter). */
  mayHavePrefix(tag: string, key: string, tail: string): boolean {
    return this.keyFilter().mayHavePrefix(tag, key, tail);
  }

  /** Rows (best first) indexed under `key`, or an empty array. */
  lookup(key: string): number[] {
    // Most keys asked about are in no index line (every Arabic word is tried as a name): the filter answers those
    // without encoding the key and binary-searching the index.
    if (!this.keyFilter().mayHaveKey('', key)) return [];
    const k = Buffer.from(key, 'utf8');
    const i = this.find(k);
    if (i < 0) return [];
    const start = this.keyStarts[i] + k.length + 1;
    const end = this.buf.indexOf(10, start);
    return this.buf.toString('latin1', start, end).split(',').map((x) => parseInt(x, 36));
  }

  /** True when some key starts with `prefix` (lets the matcher stop extending a window early). */
  hasPrefix(prefix: string): boolean {
    if (!this.keyFilter().mayHavePrefix('', prefix, '')) return false;
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
    let line: string;
    if (this.fd !== null) {
      const end = row + 1 < this.placeStarts.length ? this.placeStarts[row + 1]! - 1 : this.placesEnd;
      const len = end - start;
      if (len > GazetteerVolume.scratch.length) GazetteerVolume.scratch = Buffer.allocUnsafe(len * 2);
      readSync(this.fd, GazetteerVolume.scratch, 0, len, start);
      line = GazetteerVolume.scratch.toString('utf8', 0, len);
    } else line = this.buf.toString('utf8', start, this.buf.indexOf(10, start));
    const f = line.split('\t');
    r = {
      row, source: this.source, id: f[0], name: f[1], lat: Number(f[2]), lon: Number(f[3]), fclass: f[4], fcode: f[5],
      cc: f[6], a1: f[7], a1name: f[8], a2name: f[9], pop: Number(f[10]) || 0, statics: undefined,
    };
    if (f.length >= 14 && f[11]) r.seat = { lat: Number(f[11]), lon: Number(f[12]), name: f[13] };
    // One budget for all volumes (34 of them with the country volumes): a per-volume cap let the records of common
    // names' many candidates fill the heap.
    if (GazetteerVolume.cached >= PLACE_CACHE_MAX) {
      for (const v of GazetteerVolume.live) v.cache.clear();
      GazetteerVolume.live.clear();
      GazetteerVolume.cached = 0;
    }
    if (this.cache.size === 0) GazetteerVolume.live.add(this);
    this.cache.set(row, r);
    GazetteerVolume.cached++;
    return r;
  }
}

/**
 * Two Bloom filters over the UTF-8 bytes of a volume's index keys: one of the keys themselves, one of the prefixes
 * the recognizer asks hasPrefix about: every key cut just after one of its spaces ("khan " of "khan shaykhun", asked
 * as name + " "), and every prefix of a transliteration key ("~sar" of "~sarakab", asked as "~" + skeleton).
 * A "no" is certain, so lookup and hasPrefix answer it without a binary search; a "maybe" (every real key, and
 * about 1 in 300 other keys, 1 in 30 other prefixes) goes on to the search. Other prefix shapes are never filtered.
 * Memory: 4 MB + 4 MB for the built-in file (1.2 M keys, 3.6 M prefixes), kept beside load()'s cache of the file.
 */
export class KeyFilter {
  private constructor(
    private readonly keys: Int32Array,
    private readonly keyMask: number,
    private readonly prefixes: Int32Array,
    private readonly prefixMask: number,
  ) {}

  static build(buf: Uint8Array, keyStarts: Int32Array): KeyFilter {
    const n = keyStarts.length;
    // Keys are sorted, so a prefix shared with the previous key ("~sarak" of "~sarakab" after "~sarak") was added
    // with it: only the bytes past the common part add prefixes (one per node of the keys' trie).
    let nPrefix = 0;
    for (let i = 0; i < n; i++) {
      const p = keyStarts[i]!;
      if (buf[p] !== 126) continue;
      let e = p;
      while (buf[e] !== 9) e++;
      nPrefix += e - p - commonPrefix(buf, keyStarts, i);
    }
    const keyBits = bitsFor(n * 16);
    const prefixBits = bitsFor(Math.max(1, nPrefix + n / 2) * 8);
    const f = new KeyFilter(new Int32Array(keyBits >>> 5), keyBits - 1, new Int32Array(prefixBits >>> 5), prefixBits - 1);
    for (let i = 0; i < n; i++) {
      let p = keyStarts[i]!;
      const start = p;
      const tilde = buf[p] === 126;
      const shared = start + commonPrefix(buf, keyStarts, i);
      let h1 = H1_SEED;
      let h2 = H2_SEED;
      for (let c = buf[p]!; c !== 9; c = buf[++p]!) {
        h1 = Math.imul(h1 ^ c, 16777619);
        h2 = Math.imul(h2 ^ c, 0x5bd1e995);
        h2 ^= h2 >>> 15;
        if (p >= shared && (tilde || c === 32)) setBits(f.prefixes, f.prefixMask, h1, h2);
      }
      setBits(f.keys, f.keyMask, h1, h2);
    }
    return f;
  }

  /** Serialized: "VKF1", key count, key words, prefix words (uint32 LE), then both bit arrays. */
  toBytes(nKeys: number): Buffer {
    const head = new Int32Array([0x3146_4b56, nKeys, this.keys.length, this.prefixes.length]);
    return Buffer.concat([Buffer.from(head.buffer), Buffer.from(this.keys.buffer), Buffer.from(this.prefixes.buffer)]);
  }

  /** The filter toBytes wrote for a volume of nKeys keys, or null when the bytes are not one. */
  static fromBytes(b: Buffer, nKeys: number): KeyFilter | null {
    if (b.length < 16) return null;
    // readFileSync gives a large file its own aligned memory; a pooled (unaligned) one is copied.
    const words = b.byteOffset % 4 === 0 ? new Int32Array(b.buffer, b.byteOffset, b.length >> 2) : new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
    const [magic, n, kw, pw] = [words[0], words[1], words[2]!, words[3]!];
    if (magic !== 0x3146_4b56 || n !== nKeys || 4 + kw + pw !== words.length || !isPow2(kw) || !isPow2(pw)) return null;
    return new KeyFilter(words.subarray(4, 4 + kw), kw * 32 - 1, words.subarray(4 + kw), pw * 32 - 1);
  }

  /** False when `tag + key` ("@" + "german") is certainly no index key. */
  mayHaveKey(tag: string, key: string): boolean {
    hA = H1_SEED;
    hB = H2_SEED;
    hashUtf8(tag);
    hashUtf8(key);
    return testBits(this.keys, this.keyMask, hA, hB);
  }

  /**
   * False when certainly no index key starts with `tag + key + tail` ("~" + "sarak" + "", "" + "khan" + " ");
   * true for prefix shapes the filter does not hold (neither starting with "~" nor ending with a space).
   */
  mayHavePrefix(tag: string, key: string, tail: string): boolean {
    const first = tag || key || tail;
    const last = tail || key || tag;
    if (!first || (first.charCodeAt(0) !== 126 && last.charCodeAt(last.length - 1) !== 32)) return true;
    hA = H1_SEED;
    hB = H2_SEED;
    hashUtf8(tag);
    hashUtf8(key);
    hashUtf8(tail);
    return testBits(this.prefixes, this.prefixMask, hA, hB);
  }
}

function isPow2(x: number): boolean {
  return x >= 32 && (x & (x - 1)) === 0;
}

/** Bytes key i shares with key i - 1 (up to the shorter one's tab). */
function commonPrefix(buf: Uint8Array, keyStarts: Int32Array, i: number): number {
  if (i === 0) return 0;
  const a = keyStarts[i - 1]!;
  const b = keyStarts[i]!;
  let j = 0;
  while (buf[a + j] === buf[b + j] && buf[b + j] !== 9) j++;
  return j;
}

const H1_SEED = 0x811c9dc5 | 0;
const H2_SEED = 0x3c6ef372 | 0;

/** Smallest power of two >= bits (at least 2^10). */
function bitsFor(bits: number): number {
  let b = 1024;
  while (b < bits) b *= 2;
  return b;
}

/** Three bits in one 32-bit word (a blocked filter: one memory access per key, which keeps building fast). */
function setBits(a: Int32Array, mask: number, h1: number, h2: number): void {
  const y = mix(h2);
  a[(mix(h1) & mask) >>> 5] |= (1 << (y & 31)) | (1 << ((y >>> 5) & 31)) | (1 << ((y >>> 10) & 31));
}

function testBits(a: Int32Array, mask: number, h1: number, h2: number): boolean {
  const y = mix(h2);
  const m = (1 << (y & 31)) | (1 << ((y >>> 5) & 31)) | (1 << ((y >>> 10) & 31));
  return (a[(mix(h1) & mask) >>> 5]! & m) === m;
}

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

let hA = 0;
let hB = 0;
/**
 * Adds the bytes Buffer.from(s, 'utf8') gives (lone surrogates as U+FFFD included) to the running hashes hA, hB:
 * callers hash "@" and "khan" as they would "@khan", without building the joined string.
 */
function hashUtf8(s: string): void {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      feedByte(c);
      continue;
    }
    if (c < 0x800) {
      feedByte(0xc0 | (c >> 6));
      feedByte(0x80 | (c & 63));
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = s.charCodeAt(i + 1);
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        feedByte(0xf0 | (c >> 18));
        feedByte(0x80 | ((c >> 12) & 63));
        feedByte(0x80 | ((c >> 6) & 63));
        feedByte(0x80 | (c & 63));
        continue;
      }
      c = 0xfffd;
    }
    feedByte(0xe0 | (c >> 12));
    feedByte(0x80 | ((c >> 6) & 63));
    feedByte(0x80 | (c & 63));
  }
}

/** The hash steps of KeyFilter.build, byte by byte. */
function feedByte(c: number): void {
  hA = Math.imul(hA ^ c, 16777619);
  hB = Math.imul(hB ^ c, 0x5bd1e995);
  hB ^= hB >>> 15;
}

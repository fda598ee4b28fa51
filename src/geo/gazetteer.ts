/**
 * The gazetteer used by the geoparser: the built-in compiled file (data/gazetteer/gazetteer.tsv.gz)
 * plus every user gazetteer imported with `vigil gazetteer import` (config `userGazetteerDir`,
 * env VIGIL_GAZETTEER_DIR). Loaded once per process, lazily.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../data-path.js';
import { GazetteerVolume, type PlaceRecord } from './gazetteer-file.js';
import { loadGeoConfig } from '../config/schema.js';
import { skeletonKey } from './normalize.js';

export const DATA_DIR = join(PACKAGE_ROOT, 'data', 'gazetteer');
export const BUILTIN_FILE = join(DATA_DIR, 'gazetteer.tsv.gz');
/** Per-country volumes (scripts/build-gazetteer-countries.ts): every village, district and sub-district. */
export const COUNTRY_DIR = join(DATA_DIR, 'countries');
export const USER_FILE_SUFFIX = '.vgz';

export interface Hit {
  place: PlaceRecord;
  /** Index of the volume the row came from; with `place.row` a stable key within the process. */
  volume: number;
  /** The row comes from an analyst's own gazetteer (`vigil gazetteer import`), not from the built-in volumes. */
  user: boolean;
}

/**
 * Everything the recognizer asks the gazetteer about one folded name ("khan shaykhun"): its places as a name, as an
 * adjective, by transliteration skeleton, and whether a longer name starts with it. Each answer is looked up on first
 * use and kept: the recognizer asks up to six questions per window of words, and building and hashing a fresh key
 * string ("@" + name, "~" + skeleton, name + " ") for each cost more than the lookups themselves.
 */
export class KeyProbe {
  readonly key: string;
  private readonly gz: Gazetteer;
  private _adj?: Hit[];
  private _exact?: Hit[];
  private _dotted?: Hit[];
  private _skeleton?: string;
  private _skHits?: Hit[];
  private _adjSkHits?: Hit[];
  private _wordPrefix?: boolean;
  private _skPrefix?: boolean;

  constructor(key: string, gz: Gazetteer) {
    this.key = key;
    this.gz = gz;
  }
  /** lookup("@" + key): the name as an adjective ("german"). */
  get adj(): Hit[] {
    return (this._adj ??= this.gz.lookupTagged('@', this.key));
  }
  /** lookup(key). */
  get exact(): Hit[] {
    return (this._exact ??= this.gz.lookupTagged('', this.key));
  }
  /** lookup("." + key): a dotted abbreviation ("ga" of "Ga."). */
  get dotted(): Hit[] {
    return (this._dotted ??= this.gz.lookupTagged('.', this.key));
  }
  /** skeletonKey(key). */
  get skeleton(): string {
    return (this._skeleton ??= skeletonKey(this.key));
  }
  /** lookup("~" + skeleton). */
  get skHits(): Hit[] {
    return (this._skHits ??= this.gz.lookupTagged('~', this.skeleton));
  }
  /** lookup("@~" + skeleton). */
  get adjSkHits(): Hit[] {
    return (this._adjSkHits ??= this.gz.lookupTagged('@~', this.skeleton));
  }
  /** hasPrefix(key + " "): some longer name starts with this one and another word. */
  get wordPrefix(): boolean {
    return (this._wordPrefix ??= this.gz.hasPrefixParts('', this.key, ' '));
  }
  /** hasPrefix("~" + skeleton). */
  get skPrefix(): boolean {
    return (this._skPrefix ??= this.gz.hasPrefixParts('~', this.skeleton, ''));
  }
}

/** The answer for a key without places: one shared, frozen array (callers never mutate hits). */
const NO_HITS: Hit[] = Object.freeze([]) as unknown as Hit[];

/** Most memoized keys without places (and, separately, prefix tests) kept before the memo is cleared. */
const MEMO_MAX = 20_000;
/** Most hits (places) held by the memo of keys with places. */
const MEMO_MAX_HITS = 20_000;

export class Gazetteer {
  readonly volumes: GazetteerVolume[];
  readonly commonWords: Map<string, number>;
  readonly firstNames: Set<string>;
  readonly loadMs: number;
  /** Volumes from this index on are the analyst's (user) gazetteers; the ones before are built in. */
  readonly firstUser: number;

  constructor(volumes: GazetteerVolume[], commonWords: Map<string, number>, firstNames: Set<string> = new Set(), loadMs = 0, firstUser = 1) {
    this.volumes = volumes;
    this.firstUser = firstUser;
    this.commonWords = commonWords;
    this.firstNames = firstNames;
    this.loadMs = loadMs;
  }

  /**
   * Memo of recent lookups and prefix tests: the same words recur across documents ("Syria", "Aleppo", "Police"),
   * and each lookup otherwise costs a UTF-8 encode, a binary search over the index and a postings parse.
   * Keys without places (most probes) are kept in a set; keys with places in a map bounded by the number of
   * hits it holds (MEMO_MAX_HITS), since a common name can list dozens of places. Both are cleared when full.
   * Results are shared, so callers must not mutate them.
   */
  private readonly memo = new Map<string, Hit[]>();
  private memoHits = 0;
  private readonly missMemo = new Set<string>();
  private readonly prefixMemo = new Map<string, boolean>();
  private readonly probes = new Map<string, KeyProbe>();

  /** The memoized probe of folded name `key` (see KeyProbe); bounded like the lookup memos. */
  probe(key: string): KeyProbe {
    let p = this.probes.get(key);
    if (p) return p;
    p = new KeyProbe(key, this);
    if (this.probes.size >= MEMO_MAX) this.probes.clear();
    this.probes.set(key, p);
    return p;
  }

  /** Places under `key` from every volume; user volumes first (their names are the analyst's choice). */
  lookup(key: string): Hit[] {
    return this.lookupTagged('', key);
  }

  /**
   * lookup(tag + key) ("@" + "german"). Most keys are in no volume (every Arabic word is tried as a name, in four
   * forms): the volumes' key filters say so from the two parts, before the joined key is built and memoized.
   */
  lookupTagged(tag: string, key: string): Hit[] {
    let maybe = false;
    for (let v = 0; v < this.volumes.length && !maybe; v++) maybe = this.volumes[v]!.mayHaveKey(tag, key);
    return maybe ? this.search(tag ? tag + key : key) : NO_HITS;
  }

  private search(key: string): Hit[] {
    if (this.missMemo.has(key)) return NO_HITS;
    const hit = this.memo.get(key);
    if (hit) return hit;
    const out: Hit[] = [];
    for (let v = this.volumes.length - 1; v >= 0; v--) {
      for (const row of this.volumes[v].lookup(key)) out.push({ place: this.volumes[v].place(row), volume: v, user: v >= this.firstUser });
    }
    if (out.length === 0) {
      if (this.missMemo.size >= MEMO_MAX) this.missMemo.clear();
      this.missMemo.add(key);
      return out;
    }
    if (this.memoHits + out.length > MEMO_MAX_HITS) {
      this.memo.clear();
      this.memoHits = 0;
    }
    this.memo.set(key, out);
    this.memoHits += out.length;
    return out;
  }

  hasPrefix(prefix: string): boolean {
    return this.hasPrefixParts('', prefix, '');
  }

  /** hasPrefix(tag + key + tail), the volumes' prefix filters asked first (see lookupTagged). */
  hasPrefixParts(tag: string, key: string, tail: string): boolean {
    let maybe = false;
    for (let v = 0; v < this.volumes.length && !maybe; v++) maybe = this.volumes[v]!.mayHavePrefix(tag, key, tail);
    return maybe && this.prefixSearch(tag + key + tail);
  }

  private prefixSearch(prefix: string): boolean {
    const hit = this.prefixMemo.get(prefix);
    if (hit !== undefined) return hit;
    const r = this.volumes.some((v) => v.hasPrefix(prefix));
    if (this.prefixMemo.size >= MEMO_MAX) this.prefixMemo.clear();
    this.prefixMemo.set(prefix, r);
    return r;
  }

  get size(): number {
    return this.volumes.reduce((n, v) => n + v.size, 0);
  }
  get bytes(): number {
    return this.volumes.reduce((n, v) => n + v.bytes, 0);
  }
}

/** Everyday words that are place names: of the built-in volume, and of the country volumes (countries/). */
function loadCommonWords(): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of [join(DATA_DIR, 'common-words.txt'), join(COUNTRY_DIR, 'common-words.txt')]) {
    if (!existsSync(f)) continue;
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const [lvl, w] = line.split('\t');
      if (!m.has(w!)) m.set(w!, Number(lvl));
    }
  }
  return m;
}

function loadFirstNames(): Set<string> {
  const f = join(DATA_DIR, 'first-names.txt');
  if (!existsSync(f)) return new Set();
  return new Set(readFileSync(f, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')));
}

let dirMemo: { override: string | undefined; cwd: string; dir: string } | null = null;

export function userGazetteerDir(env: NodeJS.ProcessEnv = process.env): string {
  // getGazetteer() asks on every document: validating the config each time is measurable, so the answer is kept
  // while the override and the working directory (relative paths resolve against it) stay the same.
  const override = env.VIGIL_GAZETTEER_DIR;
  const cwd = process.cwd();
  if (env === process.env && dirMemo && dirMemo.override === override && dirMemo.cwd === cwd) return dirMemo.dir;
  const dir = resolve(loadGeoConfig(env).userGazetteerDir);
  if (env === process.env) dirMemo = { override, cwd, dir };
  return dir;
}

export interface LoadOptions {
  builtinFile?: string;
  /** Folder of the per-country volumes (default: data/gazetteer/countries). null: none. */
  countryDir?: string | null;
  /** Folder of user gazetteers (default: config). null: none. */
  userDir?: string | null;
}

export function loadGazetteer(opts: LoadOptions = {}): Gazetteer {
  const t0 = performance.now();
  const volumes = [GazetteerVolume.load(opts.builtinFile ?? BUILTIN_FILE)];
  const cdir = opts.countryDir === undefined ? (opts.builtinFile ? null : COUNTRY_DIR) : opts.countryDir;
  if (cdir && existsSync(cdir)) {
    for (const f of readdirSync(cdir).filter((x) => x.endsWith('.tsv.gz')).sort()) volumes.push(GazetteerVolume.load(join(cdir, f)));
  }
  const firstUser = volumes.length;
  const dir = opts.userDir === undefined ? userGazetteerDir() : opts.userDir;
  if (dir && existsSync(dir)) {
    for (const f of readdirSync(dir).filter((x) => x.endsWith(USER_FILE_SUFFIX)).sort()) volumes.push(GazetteerVolume.load(join(dir, f)));
  }
  return new Gazetteer(volumes, loadCommonWords(), loadFirstNames(), performance.now() - t0, firstUser);
}

let shared: Gazetteer | null = null;
let sharedDir: string | null = null;

/** The process-wide gazetteer (reloaded when the user gazetteer folder setting changes). */
export function getGazetteer(): Gazetteer {
  const dir = userGazetteerDir();
  if (!shared || sharedDir !== dir) {
    shared = loadGazetteer({ userDir: dir });
    sharedDir = dir;
  }
  return shared;
}

/** Forget the loaded gazetteer (after an import, or in tests). */
export function resetGazetteer(): void {
  shared = null;
  sharedDir = null;
}

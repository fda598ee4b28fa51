/**
 * `vigil gazetteer import FILE`: adds local names to the user gazetteer folder (config userGazetteerDir,
 * env VIGIL_GAZETTEER_DIR). Two input shapes:
 *  - a GeoNames dump (SY.txt, allCountries.txt): 19 tab-separated columns, no header;
 *  - a CSV of local names with a header: name, lat, lon, and optionally country, admin1, kind, alternate_names
 *    (alternate names separated by "|" or ";"), e.g.
 *      name,lat,lon,country,admin1,kind,alternate_names
 *      Kafr Testa,35.70,36.60,SY,Idlib,village,Kfar Testa|كفر تستا
 * The result is one compiled file per import (<name>.vgz), loaded with the built-in gazetteer at next use.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { VigilError } from '../errors/catalogue.js';
import { loadGeoConfig } from '../config/schema.js';
import { writeGazetteerFile, GazetteerVolume, type PlaceRow } from './gazetteer-file.js';
import { BUILTIN_FILE, USER_FILE_SUFFIX, userGazetteerDir, resetGazetteer } from './gazetteer.js';
import { scriptOf } from './normalize.js';

export interface ImportOptions {
  /** Target folder (default: config). */
  dir?: string;
  /** Name of the stored gazetteer (default: the file's base name). */
  name?: string;
  maxRows?: number;
  maxBytes?: number;
}

export interface ImportResult {
  format: 'geonames' | 'csv';
  rows: number;
  skipped: number;
  file: string;
  keys: number;
}

/** "kind" column of a CSV -> GeoNames feature class and code. */
const KIND: Record<string, [string, string]> = {
  city: ['P', 'PPLA'], town: ['P', 'PPL'], village: ['P', 'PPL'], hamlet: ['P', 'PPL'], camp: ['P', 'PPL'],
  neighbourhood: ['P', 'PPLX'], neighborhood: ['P', 'PPLX'], district: ['A', 'ADM2'], province: ['A', 'ADM1'],
  base: ['S', 'MILB'], 'military base': ['S', 'MILB'], airbase: ['S', 'AIRB'], 'air base': ['S', 'AIRB'], airport: ['S', 'AIRP'],
  checkpoint: ['S', 'CHKP'], crossing: ['S', 'BDRCP'], 'border crossing': ['S', 'BDRCP'], bridge: ['S', 'BDG'], dam: ['S', 'DAM'],
  hill: ['T', 'HLL'], mountain: ['T', 'MT'], valley: ['T', 'VAL'], river: ['H', 'STM'], 'oil field': ['S', 'OILF'], well: ['H', 'WLL'],
};

/** Split one CSV line (RFC 4180 quotes; no embedded newlines). */
export function splitCsv(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (c === '"') q = false;
      else cur += c;
    } else if (c === '"') q = true;
    else if (c === ',') { out.push(cur); cur = ''; }
    else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

function admin1Names(): Map<string, string> {
  // Admin1 names by "CC.code" from the built-in gazetteer, for GeoNames dumps that carry only codes.
  const m = new Map<string, string>();
  if (!existsSync(BUILTIN_FILE)) return m;
  const v = GazetteerVolume.load(BUILTIN_FILE);
  for (let i = 0; i < v.size; i++) {
    const p = v.place(i);
    if (p.fcode === 'ADM1') m.set(`${p.cc}.${p.a1}`, p.a1name);
  }
  return m;
}

function validCoord(lat: number, lon: number): boolean {
  return Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
}

export async function importGazetteer(file: string, opts: ImportOptions = {}): Promise<ImportResult> {
  const cfg = loadGeoConfig();
  const maxRows = opts.maxRows ?? cfg.maxImportRows;
  const maxBytes = opts.maxBytes ?? cfg.maxImportBytes;
  if (!existsSync(file)) throw new VigilError('VIGIL_ERR_FILE_NOT_FOUND', file);
  const size = statSync(file).size;
  if (size > maxBytes) throw new VigilError('VIGIL_ERR_TOO_LARGE', `${file}: ${size} bytes > ${maxBytes}`);
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  const rows: PlaceRow[] = [];
  let format: ImportResult['format'] | null = null;
  let header: string[] = [];
  let skipped = 0;
  let lineNo = 0;
  let a1: Map<string, string> | null = null;
  const name = (opts.name ?? basename(file).replace(/\.[^.]+$/, '')).replace(/[^\p{L}\p{N}_.-]+/gu, '_');
  for await (const raw of rl) {
    lineNo++;
    const line = raw.replace(/^\uFEFF/, '');
    if (!line.trim() || line.startsWith('#')) continue;
    if (!format) {
      const tabs = line.split('\t');
      if (tabs.length === 19 && /^\d+$/.test(tabs[0])) {
        format = 'geonames';
        a1 = admin1Names();
      } else {
        header = splitCsv(line).map((h) => h.toLowerCase().replace(/[\s-]+/g, '_'));
        if (!header.includes('name') || !(header.includes('lat') || header.includes('latitude')) || !(header.includes('lon') || header.includes('lng') || header.includes('longitude'))) {
          throw new VigilError('VIGIL_ERR_BAD_GAZETTEER_FILE', `${file}: first line is neither 19 GeoNames columns nor a CSV header with name, lat, lon`);
        }
        format = 'csv';
        continue;
      }
    }
    if (rows.length >= maxRows) throw new VigilError('VIGIL_ERR_TOO_LARGE', `${file}: more than ${maxRows} places (config maxImportRows); split the file`);
    if (format === 'geonames') {
      const f = line.split('\t');
      const lat = Number(f[4]);
      const lon = Number(f[5]);
      if (f.length < 15 || !f[1] || !validCoord(lat, lon)) { skipped++; continue; }
      const alts = (f[3] ? f[3].split(',') : []).filter((x) => x && !/\d|https?:/.test(x) && scriptOf(x) !== 'other');
      rows.push({
        id: f[0], name: f[1], lat, lon, fclass: f[6] || 'P', fcode: f[7] || 'PPL', cc: f[8] ?? '', a1: f[10] ?? '',
        a1name: a1?.get(`${f[8]}.${f[10]}`) ?? '', a2name: '', pop: Number(f[14]) || 0, names: [f[1], f[2], ...alts].filter(Boolean), adjectives: [],
      });
    } else {
      const f = splitCsv(line);
      const col = (...names: string[]): string => {
        for (const n of names) { const i = header.indexOf(n); if (i >= 0) return f[i] ?? ''; }
        return '';
      };
      const nm = col('name');
      const lat = Number(col('lat', 'latitude'));
      const lon = Number(col('lon', 'lng', 'longitude'));
      if (!nm || !validCoord(lat, lon)) { skipped++; continue; }
      const kind = KIND[col('kind', 'type', 'feature').toLowerCase()] ?? ['P', 'PPL'];
      const alts = col('alternate_names', 'alternatenames', 'aliases', 'alt_names').split(/[|;]/).map((s) => s.trim()).filter(Boolean);
      rows.push({
        id: `local:${name}:${lineNo}`, name: nm, lat, lon, fclass: kind[0], fcode: kind[1], cc: col('country', 'country_code', 'cc').toUpperCase().slice(0, 2),
        a1: '', a1name: col('admin1', 'province', 'governorate'), a2name: col('admin2', 'district'), pop: Number(col('population')) || 0,
        names: [nm, ...alts], adjectives: [],
      });
    }
  }
  if (!format || rows.length === 0) throw new VigilError('VIGIL_ERR_BAD_GAZETTEER_FILE', `${file}: no place with a name and valid coordinates`);
  const dir = opts.dir ?? userGazetteerDir();
  const out = join(dir, `${name}${USER_FILE_SUFFIX}`);
  const stats = writeGazetteerFile(out, rows, { source: `user:${name}` });
  resetGazetteer();
  return { format, rows: rows.length, skipped, file: out, keys: stats.keys };
}

/**
 * GeoJSON (RFC 7946): a FeatureCollection of Points in [longitude, latitude] order (WGS 84, at most
 * 6 decimals). Rows without coordinates get `geometry: null`, which RFC 7946 allows, so no event is
 * silently dropped. Properties carry the ACLED columns plus Vigil's extras.
 */
import type { ExportRow } from './types.js';
import { acledRecord } from './csv.js';

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export function geoJsonFeature(row: ExportRow): {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] } | null;
  properties: Record<string, unknown>;
} {
  const ok =
    row.latitude != null && row.longitude != null && Number.isFinite(row.latitude) && Number.isFinite(row.longitude) &&
    Math.abs(row.latitude) <= 90 && Math.abs(row.longitude) <= 180;
  const rec = acledRecord(row);
  const properties: Record<string, unknown> = {
    ...rec,
    // Typed values where the CSV has text.
    latitude: row.latitude ?? null,
    longitude: row.longitude ?? null,
    fatalities: row.fatalities ?? 0,
    kind: row.kind ?? null,
    ...(row.extra ?? {}),
  };
  return {
    type: 'Feature',
    id: row.id,
    geometry: ok ? { type: 'Point', coordinates: [round6(row.longitude!), round6(row.latitude!)] } : null,
    properties,
  };
}

const OPEN = '{"type":"FeatureCollection","features":[\n';
const CLOSE = '\n]}\n';

/** The FeatureCollection as chunks: opening, one feature per chunk, closing (constant memory). */
export function* geoJsonChunks(rows: Iterable<ExportRow>): Generator<string> {
  yield OPEN;
  let first = true;
  for (const r of rows) {
    yield (first ? '' : ',\n') + JSON.stringify(geoJsonFeature(r));
    first = false;
  }
  yield CLOSE;
}

export async function* geoJsonChunksAsync(rows: AsyncIterable<ExportRow> | Iterable<ExportRow>): AsyncGenerator<string> {
  yield OPEN;
  let first = true;
  for await (const r of rows) {
    yield (first ? '' : ',\n') + JSON.stringify(geoJsonFeature(r));
    first = false;
  }
  yield CLOSE;
}

export function toGeoJson(rows: Iterable<ExportRow>): string {
  return [...geoJsonChunks(rows)].join('');
}

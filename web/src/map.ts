/**
 * The map. An offline base map bundled with the app: land and country borders (world-atlas, Natural Earth),
 * province (ADM1) boundaries and names (Natural Earth admin-1, compiled by scripts/build-basemap.ts), and place
 * and district labels from Vigil's own gazetteer, each with the zoom from which it is shown. Labels are drawn
 * with the browser's own fonts (no glyph server). An online raster source can be laid under it (Settings).
 * Events are clustered circles coloured by ACLED event type and sized by fatalities; events naming a weapon of
 * humanitarian concern get a marker symbol of their own; the open incident is ringed.
 */
import * as maplibregl from 'maplibre-gl';
import { type GeoJSONSource, type MapGeoJSONFeature, type StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countries from 'world-atlas/countries-50m.json';
import weaponLexicon from '../../src/lexicons/weapons.json';
import admin1Url from './basemap/admin1.topo.json?url';
import placesUrl from './basemap/places.json?url';
import type { EventSummary } from './api.js';

maplibregl.setWorkerUrl(workerUrl);

export const TYPE_COLOURS: Record<string, string> = {
  Battles: '#c62828',
  'Explosions/Remote violence': '#e65100',
  'Violence against civilians': '#6a1b9a',
  Protests: '#2e7d32',
  Riots: '#6d4c41',
  'Strategic developments': '#1565c0',
};
export const OTHER_COLOUR = '#616161';

/** Weapons of humanitarian concern, by lexicon category: the marker drawn for each, and its legend text. */
export const CONCERN_MARKERS: { category: string; label: string; shape: 'star' | 'triangle' | 'flame' | 'square' | 'diamond' }[] = [
  { category: 'cluster', label: 'Cluster munitions', shape: 'star' },
  { category: 'chemical', label: 'Chemical weapons', shape: 'triangle' },
  { category: 'incendiary', label: 'Incendiary weapons', shape: 'flame' },
  { category: 'barrel-bomb', label: 'Barrel bombs', shape: 'square' },
  { category: 'thermobaric', label: 'Thermobaric weapons', shape: 'diamond' },
];

/** Weapon name (and alias) -> concern category, from the same lexicon the extractor uses. */
const CONCERN_BY_NAME = new Map<string, string>();
for (const w of (weaponLexicon as unknown as { weapons: { name: string; category: string; concern: boolean; aliases?: string[] }[] }).weapons) {
  if (!w.concern) continue;
  for (const n of [w.name, ...(w.aliases ?? [])]) CONCERN_BY_NAME.set(n.toLowerCase(), w.category);
}
export function concernOf(weapons: string[]): string | null {
  for (const w of weapons) {
    const c = CONCERN_BY_NAME.get(w.toLowerCase());
    if (c) return c;
  }
  return null;
}

/** Cluster property name holding the count of one event type ("t0" … "t5"). */
const TYPE_KEYS = Object.keys(TYPE_COLOURS).map((_, i) => `t${i}`);

function clusterProperties(): Record<string, unknown> {
  const props: Record<string, unknown> = { fatalities: ['+', ['get', 'fatalities']] };
  Object.keys(TYPE_COLOURS).forEach((type, i) => {
    props[TYPE_KEYS[i]] = ['+', ['case', ['==', ['get', 'eventType'], type], 1, 0]];
  });
  return props;
}

function clusterColour(): unknown {
  const colours = Object.values(TYPE_COLOURS);
  const expr: unknown[] = ['case'];
  TYPE_KEYS.forEach((k, i) => {
    const others = TYPE_KEYS.filter((o) => o !== k).map((o) => ['>=', ['get', k], ['get', o]]);
    expr.push(['all', ['>', ['get', k], 0], ...others], colours[i]);
  });
  expr.push(OTHER_COLOUR);
  return expr;
}

/** Base map palette (also used by the legend). */
export const BASE = { sea: '#c9dcea', land: '#f3f0e8', border: '#8a8a8a', province: '#a58e6f', label: '#2b2b2b', district: '#6b5b45' };
const FONT = ['Liberation Sans', 'Noto Sans', 'DejaVu Sans', 'Arial'];
const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

function baseStyle(): StyleSpecification {
  const topo = countries as unknown as Topology<{ countries: GeometryCollection }>;
  const land = feature(topo, topo.objects.countries);
  const borders = mesh(topo, topo.objects.countries, (a, b) => a !== b);
  const halo = { 'text-halo-color': 'rgba(255,255,255,0.9)', 'text-halo-width': 1.4 };
  return {
    version: 8,
    sources: {
      countries: { type: 'geojson', data: land },
      borders: { type: 'geojson', data: borders },
      provinces: { type: 'geojson', data: EMPTY },
      provinceLabels: { type: 'geojson', data: EMPTY },
      places: { type: 'geojson', data: EMPTY },
      selected: { type: 'geojson', data: EMPTY },
      pick: { type: 'geojson', data: EMPTY },
      events: {
        type: 'geojson',
        data: EMPTY,
        cluster: true,
        clusterRadius: 40,
        clusterMaxZoom: 11,
        clusterProperties: clusterProperties() as never,
      },
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': BASE.sea } },
      { id: 'land', type: 'fill', source: 'countries', paint: { 'fill-color': BASE.land } },
      { id: 'provinces', type: 'line', source: 'provinces', minzoom: 3.5, paint: { 'line-color': BASE.province, 'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.4, 9, 1.3], 'line-dasharray': [3, 2] } },
      { id: 'borders', type: 'line', source: 'borders', paint: { 'line-color': BASE.border, 'line-width': ['interpolate', ['linear'], ['zoom'], 2, 0.6, 8, 1.8] } },
      {
        id: 'district-labels',
        type: 'symbol',
        source: 'places',
        filter: ['all', ['==', ['get', 'k'], 0], ['>=', ['zoom'], ['get', 'z']]],
        layout: { 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': 10.5, 'text-max-width': 8 },
        paint: { 'text-color': BASE.district, ...halo },
      },
      {
        id: 'place-labels',
        type: 'symbol',
        source: 'places',
        filter: ['all', ['>', ['get', 'k'], 0], ['>=', ['zoom'], ['get', 'z']]],
        layout: {
          'text-field': ['get', 'name'],
          'text-font': FONT,
          'text-size': ['match', ['get', 'k'], 3, 14, 2, 12.5, 11.5],
          'text-max-width': 9,
          // Capitals, then the most populous places, win when labels collide.
          'symbol-sort-key': ['-', 0, ['+', ['*', ['get', 'k'], 1e8], ['get', 'p']]],
          'text-variable-anchor': ['top', 'bottom', 'left', 'right'],
          'text-radial-offset': 0.4,
        },
        paint: { 'text-color': BASE.label, ...halo },
      },
      {
        id: 'province-labels',
        type: 'symbol',
        source: 'provinceLabels',
        maxzoom: 10,
        // Natural Earth's own label zoom (min_label, 4-7): big provinces first.
        filter: ['>=', ['zoom'], ['-', ['get', 'z'], 1.5]],
        layout: { 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': 11, 'text-transform': 'uppercase', 'text-letter-spacing': 0.08, 'text-max-width': 8, 'symbol-sort-key': ['get', 'z'] },
        paint: { 'text-color': BASE.district, ...halo },
      },
      { id: 'place-dots', type: 'circle', source: 'places', filter: ['all', ['>', ['get', 'k'], 0], ['>=', ['zoom'], ['get', 'z']]], paint: { 'circle-radius': ['match', ['get', 'k'], 3, 3.5, 2.5], 'circle-color': '#555', 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 } },
      { id: 'selected-halo', type: 'circle', source: 'selected', paint: { 'circle-radius': 26, 'circle-color': 'rgba(255, 213, 0, 0.25)', 'circle-stroke-color': '#111', 'circle-stroke-width': 3 } },
      {
        id: 'clusters',
        type: 'circle',
        source: 'events',
        filter: ['has', 'point_count'],
        paint: {
          'circle-color': clusterColour() as never,
          'circle-opacity': 0.85,
          'circle-radius': ['interpolate', ['linear'], ['get', 'point_count'], 2, 11, 50, 19, 1000, 30],
          'circle-stroke-color': '#fff',
          'circle-stroke-width': 2,
        },
      },
      {
        id: 'cluster-count',
        type: 'symbol',
        source: 'events',
        filter: ['has', 'point_count'],
        layout: { 'text-field': ['get', 'point_count_abbreviated'], 'text-font': FONT, 'text-size': 12, 'text-allow-overlap': true },
        paint: { 'text-color': '#fff', 'text-halo-color': 'rgba(0,0,0,0.5)', 'text-halo-width': 1 },
      },
      {
        id: 'points',
        type: 'circle',
        source: 'events',
        filter: ['all', ['!', ['has', 'point_count']], ['==', ['get', 'concern'], '']],
        paint: {
          'circle-color': ['match', ['get', 'eventType'], ...Object.entries(TYPE_COLOURS).flat(), OTHER_COLOUR] as never,
          'circle-radius': ['interpolate', ['linear'], ['get', 'fatalities'], 0, 6, 10, 10, 100, 18, 1000, 28],
          'circle-opacity': 0.9,
          'circle-stroke-color': '#fff',
          'circle-stroke-width': 1.5,
        },
      },
      {
        id: 'concern-points',
        type: 'symbol',
        source: 'events',
        filter: ['all', ['!', ['has', 'point_count']], ['!=', ['get', 'concern'], '']],
        layout: {
          'icon-image': ['concat', 'concern-', ['get', 'concern']],
          'icon-size': ['interpolate', ['linear'], ['get', 'fatalities'], 0, 0.75, 10, 1, 100, 1.4],
          'icon-allow-overlap': true,
          'icon-ignore-placement': true,
        },
      },
      { id: 'pick-point', type: 'circle', source: 'pick', paint: { 'circle-radius': 7, 'circle-color': '#fff', 'circle-stroke-color': '#d50000', 'circle-stroke-width': 3 } },
    ],
  };
}

/** A concern marker drawn on a canvas: a white shape with a dark outline and the event-type colour inside. */
function drawMarker(shape: (typeof CONCERN_MARKERS)[number]['shape'], size = 30): ImageData {
  const c = document.createElement('canvas');
  c.width = c.height = size;
  const g = c.getContext('2d')!;
  const m = size / 2;
  g.beginPath();
  if (shape === 'star') {
    for (let i = 0; i < 16; i++) {
      const r = i % 2 ? m * 0.45 : m * 0.95;
      const a = (Math.PI * i) / 8 - Math.PI / 2;
      g.lineTo(m + r * Math.cos(a), m + r * Math.sin(a));
    }
  } else if (shape === 'triangle') {
    g.moveTo(m, 2);
    g.lineTo(size - 2, size - 3);
    g.lineTo(2, size - 3);
  } else if (shape === 'flame') {
    g.moveTo(m, 1);
    g.bezierCurveTo(size, m, size - 3, size - 1, m, size - 1);
    g.bezierCurveTo(3, size - 1, 0, m, m, 1);
  } else if (shape === 'square') {
    g.rect(4, 4, size - 8, size - 8);
  } else {
    g.moveTo(m, 1);
    g.lineTo(size - 1, m);
    g.lineTo(m, size - 1);
    g.lineTo(1, m);
  }
  g.closePath();
  g.fillStyle = '#111';
  g.fill();
  g.lineWidth = 2.5;
  g.strokeStyle = '#fff';
  g.stroke();
  g.fillStyle = '#fff';
  g.font = `bold ${Math.round(size * 0.45)}px sans-serif`;
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.fillText('!', m, shape === 'triangle' ? m + 3 : m + 1);
  return g.getImageData(0, 0, size, size);
}

/** A small SVG-free swatch of a concern marker for the legend (a canvas, described by its label). */
export function markerSwatch(shape: (typeof CONCERN_MARKERS)[number]['shape']): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = c.height = 30;
  c.className = 'marker-swatch';
  c.setAttribute('aria-hidden', 'true');
  c.getContext('2d')!.putImageData(drawMarker(shape), 0, 0);
  return c;
}

export interface EventMap {
  map: maplibregl.Map;
  setEvents(events: EventSummary[]): void;
  fit(events: EventSummary[]): void;
  /** Ring the open incident (null: none). */
  select(p: { lon: number; lat: number } | null): void;
  /** Wait for one click on the map and return its coordinates (null when cancelled). */
  pickPoint(): Promise<{ lon: number; lat: number } | null>;
  cancelPick(): void;
  /** Lay an online raster tile source under the labels (an https URL template with {z}/{x}/{y}), or remove it. */
  setOnlineTiles(url: string | null): void;
  ready: Promise<void>;
  /** Resolves when the bundled boundaries and labels are on the map. */
  basemapReady: Promise<void>;
}

async function loadBasemap(map: maplibregl.Map): Promise<void> {
  const [topo, places] = await Promise.all([
    fetch(admin1Url).then((r) => r.json() as Promise<Topology<{ provinces: GeometryCollection }> & { labels: [string, number, number, number][] }>),
    fetch(placesUrl).then((r) => r.json() as Promise<{ rows: [string, number, number, number, number, number][] }>),
  ]);
  const lines = mesh(topo, topo.objects.provinces, (a, b) => a !== b);
  (map.getSource('provinces') as GeoJSONSource).setData(lines);
  (map.getSource('provinceLabels') as GeoJSONSource).setData({
    type: 'FeatureCollection',
    features: topo.labels.map(([name, lon, lat, z]) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { name, z } })),
  });
  (map.getSource('places') as GeoJSONSource).setData({
    type: 'FeatureCollection',
    features: places.rows.map(([name, lon, lat, z, k, p]) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { name, z, k, p } })),
  });
}

export function createMap(container: HTMLElement, onPick: (incidentId: number, eventId: number) => void): EventMap {
  const map = new maplibregl.Map({
    container,
    style: baseStyle(),
    center: [37, 35],
    zoom: 3,
    attributionControl: false,
    // Keep the drawing buffer so screenshots of the canvas are not blank.
    canvasContextAttributes: { preserveDrawingBuffer: true },
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
  map.addControl(
    new maplibregl.AttributionControl({
      compact: true,
      customAttribution: 'Boundaries: Natural Earth (public domain) · Places: GeoNames (CC BY 4.0) via Vigil’s gazetteer',
    }),
  );
  (window as unknown as { vigilMap: maplibregl.Map }).vigilMap = map;
  for (const m of CONCERN_MARKERS) map.addImage(`concern-${m.category}`, drawMarker(m.shape), { pixelRatio: 1.4 });
  const ready = new Promise<void>((resolve) => map.once('load', () => resolve()));
  const basemapReady = ready.then(() => loadBasemap(map)).then(() => {
    container.dataset.basemap = 'ready';
  });

  let picking: ((p: { lon: number; lat: number } | null) => void) | null = null;
  /** The click that picked a point: the layers' own click handlers must not also open an incident with it. */
  let pickClick: Event | null = null;

  map.on('click', (e) => {
    if (!picking) return;
    pickClick = e.originalEvent;
    const done = picking;
    picking = null;
    map.getCanvas().style.cursor = '';
    container.classList.remove('picking');
    const p = { lon: Math.round(e.lngLat.lng * 1e5) / 1e5, lat: Math.round(e.lngLat.lat * 1e5) / 1e5 };
    (map.getSource('pick') as GeoJSONSource).setData({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: {} });
    done(p);
  });
  map.on('click', 'clusters', async (e) => {
    if (picking || e.originalEvent === pickClick) return;
    const f = e.features?.[0] as MapGeoJSONFeature | undefined;
    if (!f) return;
    const src = map.getSource('events') as GeoJSONSource;
    const zoom = await src.getClusterExpansionZoom(f.properties.cluster_id as number);
    map.easeTo({ center: (f.geometry as GeoJSON.Point).coordinates as [number, number], zoom });
  });
  for (const layer of ['points', 'concern-points']) {
    map.on('click', layer, (e) => {
      if (picking || e.originalEvent === pickClick) return;
      const f = e.features?.[0];
      const inc = f?.properties?.incidentId;
      if (typeof inc === 'number' && inc > 0) onPick(inc, Number(f?.properties?.id ?? 0));
    });
  }
  const popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false });
  for (const layer of ['clusters', 'points', 'concern-points']) {
    map.on('mouseenter', layer, (e) => {
      if (picking) return;
      map.getCanvas().style.cursor = 'pointer';
      const p = e.features?.[0]?.properties ?? {};
      // setText, never setHTML: place names come from untrusted reports.
      const label = p.point_count
        ? `${p.point_count} events, ${p.fatalities ?? 0} reported killed`
        : `${p.kind || p.subEventType || 'event'} — ${p.place || 'unknown place'} ${p.date || 'undated'} (${p.fatalities ?? 0} killed)${p.concern ? ` · ${p.weapons}` : ''}`;
      popup.setLngLat(e.lngLat).setText(label).addTo(map);
    });
    map.on('mouseleave', layer, () => {
      if (!picking) map.getCanvas().style.cursor = '';
      popup.remove();
    });
  }

  function setEvents(events: EventSummary[]): void {
    const features = events
      .filter((e) => e.lat !== null && e.lon !== null)
      .map((e) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point' as const, coordinates: [e.lon as number, e.lat as number] },
        properties: {
          id: e.id,
          incidentId: e.incidentId ?? 0,
          eventType: e.eventType ?? '',
          subEventType: e.subEventType ?? '',
          kind: e.kind,
          place: e.place ?? '',
          date: e.date ?? '',
          fatalities: e.fatalities ?? 0,
          concern: concernOf(e.weapons) ?? '',
          weapons: e.weapons.join(', '),
        },
      }));
    const apply = () => (map.getSource('events') as GeoJSONSource).setData({ type: 'FeatureCollection', features });
    if (map.loaded()) apply();
    else void ready.then(apply);
    container.dataset.eventCount = String(features.length);
    container.dataset.concernCount = String(features.filter((f) => f.properties.concern).length);
  }

  /** Show all the given events (at most zoom 8, so a single place keeps its surroundings). */
  function fit(events: EventSummary[]): void {
    const pts = events.filter((e) => e.lat !== null && e.lon !== null);
    if (pts.length === 0) return;
    const b = new maplibregl.LngLatBounds();
    for (const e of pts) b.extend([e.lon as number, e.lat as number]);
    const go = () => map.fitBounds(b, { padding: 60, maxZoom: 8, duration: 0 });
    if (map.loaded()) go();
    else void ready.then(go);
  }

  function select(p: { lon: number; lat: number } | null): void {
    const apply = () =>
      (map.getSource('selected') as GeoJSONSource).setData(p ? { type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: {} } : EMPTY);
    if (map.loaded()) apply();
    else void ready.then(apply);
    container.dataset.selected = p ? `${p.lon},${p.lat}` : '';
  }

  function cancelPick(): void {
    const done = picking;
    picking = null;
    map.getCanvas().style.cursor = '';
    container.classList.remove('picking');
    (map.getSource('pick') as GeoJSONSource | undefined)?.setData(EMPTY);
    done?.(null);
  }

  function pickPoint(): Promise<{ lon: number; lat: number } | null> {
    cancelPick();
    map.getCanvas().style.cursor = 'crosshair';
    container.classList.add('picking');
    return new Promise((resolve) => {
      picking = resolve;
    });
  }

  function setOnlineTiles(url: string | null): void {
    const apply = () => {
      if (map.getLayer('online')) map.removeLayer('online');
      if (map.getSource('online')) map.removeSource('online');
      if (!url) return;
      map.addSource('online', { type: 'raster', tiles: [url], tileSize: 256, attribution: 'Online base map: as configured' });
      // Under the boundaries and labels, over the bundled land.
      map.addLayer({ id: 'online', type: 'raster', source: 'online', paint: { 'raster-opacity': 0.9 } }, 'provinces');
    };
    if (map.loaded()) apply();
    else void ready.then(apply);
  }

  return { map, setEvents, fit, select, pickPoint, cancelPick, setOnlineTiles, ready, basemapReady };
}

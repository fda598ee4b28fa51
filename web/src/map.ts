/**
 * The map: an offline base layer (world-atlas countries, TopoJSON -> GeoJSON in the browser) and
 * events as clustered circles, coloured by ACLED event type and sized by fatalities. No tile server,
 * no glyphs (labels would need glyph PBFs), so cluster counts are shown by size and in a popup.
 */
import * as maplibregl from 'maplibre-gl';
import { type GeoJSONSource, type MapGeoJSONFeature, type StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countries from 'world-atlas/countries-50m.json';
import type { EventSummary } from './api.js';

maplibregl.setWorkerUrl(workerUrl);

export const TYPE_COLOURS: Record<string, string> = {
  Battles: '#d62728',
  'Explosions/Remote violence': '#ff7f0e',
  'Violence against civilians': '#9467bd',
  Protests: '#2ca02c',
  Riots: '#8c564b',
  'Strategic developments': '#1f77b4',
};
const OTHER_COLOUR = '#7f7f7f';

/** Cluster property name holding the count of one event type ("t0" … "t5"). */
const TYPE_KEYS = Object.keys(TYPE_COLOURS).map((_, i) => `t${i}`);

/** Counts per type inside each cluster, so a cluster takes the colour of its most frequent type. */
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

function baseStyle(): StyleSpecification {
  const topo = countries as unknown as Topology<{ countries: GeometryCollection }>;
  const land = feature(topo, topo.objects.countries);
  const borders = mesh(topo, topo.objects.countries, (a, b) => a !== b);
  return {
    version: 8,
    sources: {
      countries: { type: 'geojson', data: land },
      borders: { type: 'geojson', data: borders },
      events: {
        type: 'geojson',
        data: { type: 'FeatureCollection', features: [] },
        cluster: true,
        clusterRadius: 40,
        clusterMaxZoom: 11,
        clusterProperties: clusterProperties() as never,
      },
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': '#cfe3ef' } },
      { id: 'land', type: 'fill', source: 'countries', paint: { 'fill-color': '#f4f1ea' } },
      { id: 'borders', type: 'line', source: 'borders', paint: { 'line-color': '#9a9a9a', 'line-width': 0.7 } },
      {
        id: 'clusters',
        type: 'circle',
        source: 'events',
        filter: ['has', 'point_count'],
        paint: {
          'circle-color': clusterColour() as never,
          'circle-opacity': 0.8,
          'circle-radius': ['interpolate', ['linear'], ['get', 'point_count'], 2, 10, 50, 18, 1000, 30],
          'circle-stroke-color': '#fff',
          'circle-stroke-width': 1.5,
        },
      },
      {
        id: 'points',
        type: 'circle',
        source: 'events',
        filter: ['!', ['has', 'point_count']],
        paint: {
          'circle-color': ['match', ['get', 'eventType'], ...Object.entries(TYPE_COLOURS).flat(), OTHER_COLOUR] as never,
          'circle-radius': ['interpolate', ['linear'], ['get', 'fatalities'], 0, 6, 10, 10, 100, 18, 1000, 28],
          'circle-opacity': 0.85,
          'circle-stroke-color': '#fff',
          'circle-stroke-width': 1.5,
        },
      },
    ],
  };
}

export interface EventMap {
  map: maplibregl.Map;
  setEvents(events: EventSummary[]): void;
  fit(events: EventSummary[]): void;
  ready: Promise<void>;
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
  map.addControl(new maplibregl.AttributionControl({ customAttribution: 'Boundaries: Natural Earth via world-atlas' }));
  const ready = new Promise<void>((resolve) => map.once('load', () => resolve()));

  map.on('click', 'clusters', async (e) => {
    const f = e.features?.[0] as MapGeoJSONFeature | undefined;
    if (!f) return;
    const src = map.getSource('events') as GeoJSONSource;
    const zoom = await src.getClusterExpansionZoom(f.properties.cluster_id as number);
    map.easeTo({ center: (f.geometry as GeoJSON.Point).coordinates as [number, number], zoom });
  });
  map.on('click', 'points', (e) => {
    const f = e.features?.[0];
    const inc = f?.properties?.incidentId;
    if (typeof inc === 'number' && inc > 0) onPick(inc, Number(f?.properties?.id ?? 0));
  });
  const popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false });
  for (const layer of ['clusters', 'points']) {
    map.on('mouseenter', layer, (e) => {
      map.getCanvas().style.cursor = 'pointer';
      const p = e.features?.[0]?.properties ?? {};
      // setText, never setHTML: place names come from untrusted reports.
      const label = p.point_count
        ? `${p.point_count} events, ${p.fatalities ?? 0} reported killed`
        : `${p.kind || p.subEventType || 'event'} — ${p.place ?? 'unknown place'} ${p.date ?? ''} (${p.fatalities ?? 0} killed)`;
      popup.setLngLat(e.lngLat).setText(label).addTo(map);
    });
    map.on('mouseleave', layer, () => {
      map.getCanvas().style.cursor = '';
      popup.remove();
    });
  }

  // Cluster counts as small HTML labels (text layers would need glyph files, which we don't ship).
  const labels = new Map<number, maplibregl.Marker>();
  function updateLabels(): void {
    if (!map.getSource('events')) return;
    const seen = new Set<number>();
    for (const f of map.queryRenderedFeatures({ layers: ['clusters'] })) {
      const p = f.properties;
      if (!p?.cluster) continue;
      const id = Number(p.cluster_id);
      if (seen.has(id)) continue;
      seen.add(id);
      if (!labels.has(id)) {
        const el = document.createElement('div');
        el.className = 'cluster-label';
        el.textContent = String(p.point_count_abbreviated ?? p.point_count);
        labels.set(id, new maplibregl.Marker({ element: el }).setLngLat((f.geometry as GeoJSON.Point).coordinates as [number, number]).addTo(map));
      }
    }
    for (const [id, m] of labels) {
      if (!seen.has(id)) {
        m.remove();
        labels.delete(id);
      }
    }
  }
  // 'idle' follows every move and data change once drawing is done; rendered features are those of the
  // current zoom only (querySourceFeatures would also return parent tiles' clusters).
  map.on('idle', updateLabels);

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
        },
      }));
    const apply = () => {
      for (const m of labels.values()) m.remove();
      labels.clear();
      (map.getSource('events') as GeoJSONSource).setData({ type: 'FeatureCollection', features });
    };
    if (map.loaded()) apply();
    else void ready.then(apply);
    container.dataset.eventCount = String(features.length);
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

  return { map, setEvents, fit, ready };
}

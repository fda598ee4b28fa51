/**
 * The dashboard: events and fatalities over time by event type (stacked bars), the most named actors and the
 * provinces with most events, for the events loaded for the current filters. Plain SVG and HTML, every bar
 * with its number in text (screen readers and printouts read the figures, not the colours), colours from the
 * map's legend.
 */
import type { EventSummary } from './api.js';
import { h } from './dom.js';
import { OTHER_COLOUR, TYPE_COLOURS } from './map.js';

const SVG = 'http://www.w3.org/2000/svg';
function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Period key of a date: a month ("2024-03") when the data spans more than ~10 weeks, else an ISO week start. */
function periodOf(date: string, weekly: boolean): string {
  if (!weekly) return date.slice(0, 7);
  const d = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - dow * 86_400_000).toISOString().slice(0, 10);
}
function periodLabel(p: string): string {
  const [y, m, d] = p.split('-');
  return d ? `${Number(d)} ${MONTHS[Number(m) - 1]}` : `${MONTHS[Number(m) - 1]} ${y}`;
}

/** Stacked bars per period and type; a second row of bars for fatalities. */
function overTime(events: EventSummary[]): HTMLElement {
  const dated = events.filter((e) => e.date);
  const undated = events.length - dated.length;
  if (dated.length === 0) return h('p', { class: 'muted empty' }, 'No dated events for these filters.');
  const days = dated.map((e) => Date.parse(`${e.date!.slice(0, 10)}T00:00:00Z`));
  const weekly = Math.max(...days) - Math.min(...days) < 75 * 86_400_000;
  const types = [...Object.keys(TYPE_COLOURS), ''];
  const periods = new Map<string, { n: Map<string, number>; killed: number }>();
  for (const e of dated) {
    const p = periodOf(e.date!, weekly);
    const cur = periods.get(p) ?? { n: new Map(), killed: 0 };
    const t = e.eventType && TYPE_COLOURS[e.eventType] ? e.eventType : '';
    cur.n.set(t, (cur.n.get(t) ?? 0) + 1);
    cur.killed += e.fatalities ?? 0;
    periods.set(p, cur);
  }
  const keys = [...periods.keys()].sort().slice(-36);
  const W = 460;
  const H = 150;
  const pad = { l: 34, b: 20, t: 6 };
  const bw = (W - pad.l) / keys.length;
  const maxN = Math.max(...keys.map((k) => [...periods.get(k)!.n.values()].reduce((a, b) => a + b, 0)));
  const maxK = Math.max(1, ...keys.map((k) => periods.get(k)!.killed));
  const chart = (title: string, id: string, value: (k: string) => { colour: string; v: number; label: string }[], max: number) => {
    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart-svg', role: 'img', 'aria-labelledby': `${id}-t` });
    const t = svg('title', { id: `${id}-t` });
    t.textContent = title;
    root.appendChild(t);
    const plotH = H - pad.b - pad.t;
    for (const frac of [0, 0.5, 1]) {
      const y = pad.t + plotH * (1 - frac);
      root.appendChild(svg('line', { x1: pad.l, x2: W, y1: y, y2: y, class: 'grid' }));
      const lab = svg('text', { x: pad.l - 4, y: y + 4, 'text-anchor': 'end', class: 'axis-label' });
      lab.textContent = String(Math.round(max * frac));
      root.appendChild(lab);
    }
    keys.forEach((k, i) => {
      let y = pad.t + plotH;
      for (const part of value(k)) {
        if (!part.v) continue;
        const hgt = (plotH * part.v) / max;
        y -= hgt;
        const r = svg('rect', { x: pad.l + i * bw + 1, y, width: Math.max(1, bw - 2), height: hgt, fill: part.colour });
        const tt = svg('title', {});
        tt.textContent = `${periodLabel(k)}: ${part.v} ${part.label}`;
        r.appendChild(tt);
        root.appendChild(r);
      }
    });
    const every = Math.ceil(keys.length / 8);
    keys.forEach((k, i) => {
      if (i % every) return;
      const lab = svg('text', { x: pad.l + i * bw + bw / 2, y: H - 5, 'text-anchor': 'middle', class: 'axis-label' });
      lab.textContent = periodLabel(k);
      root.appendChild(lab);
    });
    return root;
  };
  const events_ = chart(`Events per ${weekly ? 'week' : 'month'}, by type`, 'chart-events', (k) => types.map((t) => ({ colour: TYPE_COLOURS[t] ?? OTHER_COLOUR, v: periods.get(k)!.n.get(t) ?? 0, label: t || 'type not known' })), maxN);
  const killed = chart(`Reported killed per ${weekly ? 'week' : 'month'}`, 'chart-killed', (k) => [{ colour: '#7a1f1f', v: periods.get(k)!.killed, label: 'killed' }], maxK);
  // The same figures as a table for screen readers (and anyone who wants numbers).
  const table = h(
    'table',
    { class: 'sr-only', id: 'chart-table' },
    h('caption', {}, `Events and reported killed per ${weekly ? 'week' : 'month'}`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'period'), h('th', { scope: 'col' }, 'events'), h('th', { scope: 'col' }, 'killed'))),
    h('tbody', {}, ...keys.map((k) => h('tr', {}, h('th', { scope: 'row' }, periodLabel(k)), h('td', {}, [...periods.get(k)!.n.values()].reduce((a, b) => a + b, 0)), h('td', {}, periods.get(k)!.killed)))),
  );
  return h(
    'div',
    { class: 'over-time' },
    h('h3', {}, `Events per ${weekly ? 'week' : 'month'}, by type`),
    events_,
    h('h3', {}, `Reported killed per ${weekly ? 'week' : 'month'}`),
    killed,
    table,
    undated ? h('p', { class: 'muted', id: 'dashboard-undated' }, `${undated} event${undated === 1 ? '' : 's'} without a date are counted below but not in these charts.`) : null,
  );
}

/** A ranked list with a bar per row: label, bar, figure (all text). */
function ranked(title: string, id: string, rows: { label: string; n: number; killed: number }[], onPick?: (label: string) => void): HTMLElement {
  const max = Math.max(1, ...rows.map((r) => r.n));
  return h(
    'section',
    { class: 'ranked', id, 'aria-labelledby': `${id}-h` },
    h('h3', { id: `${id}-h` }, title),
    rows.length === 0
      ? h('p', { class: 'muted empty' }, 'None for these filters.')
      : h(
          'ol',
          { class: 'bars' },
          ...rows.map((r) => {
            const bar = h('span', { class: 'bar', 'aria-hidden': 'true' });
            bar.style.width = `${Math.max(2, (100 * r.n) / max)}%`;
            const label = onPick ? h('button', { type: 'button', class: 'link-button', dir: 'auto' }, r.label) : h('span', { dir: 'auto' }, r.label);
            if (onPick) label.addEventListener('click', () => onPick(r.label));
            return h('li', { 'data-label': r.label }, h('span', { class: 'bar-label' }, label), h('span', { class: 'bar-track' }, bar), h('span', { class: 'bar-value' }, `${r.n} events · ${r.killed} killed`));
          }),
        ),
  );
}

export interface DashboardHandlers {
  filterActor(name: string): void;
  filterProvince(name: string): void;
}

export function renderDashboard(root: HTMLElement, events: EventSummary[], capped: boolean, hs: DashboardHandlers): void {
  const actors = new Map<string, { n: number; killed: number }>();
  const provinces = new Map<string, { n: number; killed: number }>();
  for (const e of events) {
    for (const a of new Set(e.actors)) {
      const c = actors.get(a) ?? { n: 0, killed: 0 };
      c.n++;
      c.killed += e.fatalities ?? 0;
      actors.set(a, c);
    }
    const p = e.admin1 ? `${e.admin1}${e.country ? ` (${e.country})` : ''}` : 'province not known';
    const c = provinces.get(p) ?? { n: 0, killed: 0 };
    c.n++;
    c.killed += e.fatalities ?? 0;
    provinces.set(p, c);
  }
  const top = (m: Map<string, { n: number; killed: number }>) =>
    [...m].map(([label, v]) => ({ label, ...v })).sort((a, b) => b.n - a.n || b.killed - a.killed || (a.label < b.label ? -1 : 1)).slice(0, 10);
  const killed = events.reduce((n, e) => n + (e.fatalities ?? 0), 0);
  root.replaceChildren(
    h(
      'div',
      { class: 'kpis' },
      h('p', { class: 'kpi' }, h('span', { class: 'kpi-value', id: 'kpi-events' }, events.length), h('span', { class: 'kpi-label' }, capped ? 'events (first loaded; narrow the filters)' : 'events')),
      h('p', { class: 'kpi' }, h('span', { class: 'kpi-value', id: 'kpi-killed' }, killed), h('span', { class: 'kpi-label' }, 'reported killed (best estimates)')),
      h('p', { class: 'kpi' }, h('span', { class: 'kpi-value' }, provinces.size), h('span', { class: 'kpi-label' }, 'provinces')),
    ),
    overTime(events),
    h(
      'div',
      { class: 'ranked-row' },
      ranked('Top actors', 'top-actors', top(actors), hs.filterActor),
      ranked('By province', 'by-province', top(provinces), (label) => hs.filterProvince(label.replace(/ \([^)]*\)$/, ''))),
    ),
  );
}

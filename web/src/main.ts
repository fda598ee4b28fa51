/** Vigil analyst app: login, filters, map, timeline, incident list and view, review and export. */
import {
  api,
  ApiError,
  describeError,
  qs,
  setCsrf,
  type EventSummary,
  type IncidentDetail,
  type IncidentSummary,
  type Me,
  type NearbyIncident,
  type Page,
  type ReviewEntry,
  type ReviewResult,
} from './api.js';
import { renderDashboard } from './dashboard.js';
import { clear, h } from './dom.js';
import { renderIncident, type IncidentViewHandlers } from './incident.js';
import { BASE, CONCERN_MARKERS, createMap, markerSwatch, OTHER_COLOUR, TYPE_COLOURS, type EventMap } from './map.js';
import { createTimeline, isoDay, type Timeline } from './timeline.js';
import './style.css';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
/** How many events the map loads at once; more than this, and the analyst should narrow the filters. */
const MAP_LIMIT = 5000;
const LIST_LIMIT = 200;
const DAY = 86_400_000;
/** Set when the filters change: the next load fits the map to the events. */
let fitNext = true;

interface Filters {
  q: string;
  type: string;
  actor: string;
  weapon: string;
  grade: string;
  country: string;
  province: string;
}

const state: {
  me: Me | null;
  events: EventSummary[];
  incidents: IncidentSummary[];
  /** The date range applied to map, list and exports (from the brush or the From / To fields). */
  range: { since?: string; until?: string } | null;
  selected: number | null;
} = { me: null, events: [], incidents: [], range: null, selected: null };

let emap: EventMap | null = null;
let timeline: Timeline | null = null;

/** The status line (polite) and, for failures, the error banner (an alert, with the VIGIL_ERR_ code). */
function status(msg: string): void {
  $('status').textContent = msg;
}

function showError(msg: string): void {
  $('app-error-text').textContent = msg;
  $('app-error').hidden = false;
  status('');
}

function hideError(): void {
  $('app-error').hidden = true;
  $('app-error-text').textContent = '';
}

function readFilters(): Filters {
  const v = (id: string) => ($(id) as HTMLInputElement).value.trim();
  return { q: v('f-q'), type: v('f-type'), actor: v('f-actor'), weapon: v('f-weapon'), grade: v('f-grade'), country: v('f-country'), province: v('f-province') };
}

/** Countries and their provinces seen in the events loaded so far (the Country and Province lists). */
const knownPlaces = new Map<string, Set<string>>();
const regionNames = (() => {
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' });
  } catch {
    return null;
  }
})();
const countryName = (c: string) => (/^[A-Z]{2}$/.test(c) ? (regionNames?.of(c) ?? c) : c);

function remember(events: EventSummary[]): void {
  let changed = false;
  for (const e of events) {
    if (!e.country) continue;
    let set = knownPlaces.get(e.country);
    if (!set) {
      knownPlaces.set(e.country, (set = new Set()));
      changed = true;
    }
    if (e.admin1 && !set.has(e.admin1)) {
      set.add(e.admin1);
      changed = true;
    }
  }
  if (changed) fillPlaceSelects();
}

/** Rebuild the Country and Province lists, keeping the choices. */
function fillPlaceSelects(): void {
  const cSel = $('f-country') as HTMLSelectElement;
  const pSel = $('f-province') as HTMLSelectElement;
  const c = cSel.value;
  const p = pSel.value;
  const countries = [...knownPlaces.keys()].sort((a, b) => countryName(a).localeCompare(countryName(b)));
  cSel.replaceChildren(h('option', { value: '' }, 'any'), ...countries.map((k) => h('option', { value: k }, countryName(k))));
  cSel.value = countries.includes(c) ? c : '';
  const provinces = [...new Set(cSel.value ? [...(knownPlaces.get(cSel.value) ?? [])] : [...knownPlaces.values()].flatMap((s) => [...s]))].sort();
  pSel.replaceChildren(h('option', { value: '' }, 'any'), ...provinces.map((k) => h('option', { value: k }, k)));
  if (p && !provinces.includes(p)) pSel.appendChild(h('option', { value: p }, p));
  pSel.value = p;
}

// ---------------------------------------------------------------------------------------------
// The view in the URL: filters, dates, map view and tab in the query string; the open incident in the hash.

const URL_FIELDS: [keyof Filters, string][] = [['q', 'f-q'], ['type', 'f-type'], ['actor', 'f-actor'], ['weapon', 'f-weapon'], ['grade', 'f-grade'], ['country', 'f-country'], ['province', 'f-province']];

function writeUrl(): void {
  const u = new URLSearchParams();
  const f = readFilters();
  for (const [k] of URL_FIELDS) if (f[k]) u.set(k, f[k]);
  const status = ($('f-status') as HTMLSelectElement).value;
  if (status) u.set('status', status);
  if (state.range?.since) u.set('since', state.range.since);
  if (state.range?.until) u.set('until', state.range.until);
  if (emap) {
    const c = emap.map.getCenter();
    u.set('map', `${emap.map.getZoom().toFixed(2)}/${c.lat.toFixed(4)}/${c.lng.toFixed(4)}`);
  }
  if (view === 'dashboard') u.set('view', 'dashboard');
  const next = `${location.pathname}${u.size ? `?${u}` : ''}${location.hash}`;
  if (next !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(null, '', next);
}

/** Filters, dates, tab and map view from the URL (a shared link reproduces the view). Returns the map view, if any. */
function readUrl(): { zoom: number; lat: number; lon: number } | null {
  const u = new URLSearchParams(location.search);
  for (const [k, id] of URL_FIELDS) {
    const v = u.get(k);
    if (v === null) continue;
    const el = $(id) as HTMLInputElement | HTMLSelectElement;
    if (el instanceof HTMLSelectElement && ![...el.options].some((o) => o.value === v)) el.appendChild(h('option', { value: v }, k === 'country' ? countryName(v) : v));
    el.value = v;
  }
  const status = u.get('status');
  if (status) ($('f-status') as HTMLSelectElement).value = status;
  const since = u.get('since') ?? undefined;
  const until = u.get('until') ?? undefined;
  if (since || until) setRange({ since, until });
  setView(u.get('view') === 'dashboard' ? 'dashboard' : 'map', false);
  const m = /^(\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)$/.exec(u.get('map') ?? '');
  return m ? { zoom: Number(m[1]), lat: Number(m[2]), lon: Number(m[3]) } : null;
}

let view: 'map' | 'dashboard' = 'map';
function setView(v: 'map' | 'dashboard', focus: boolean): void {
  view = v;
  for (const [name, tab, panel] of [['map', 'tab-map', 'panel-map'], ['dashboard', 'tab-dashboard', 'panel-dashboard']] as const) {
    const on = name === v;
    $(tab).setAttribute('aria-selected', String(on));
    $(tab).tabIndex = on ? 0 : -1;
    $(panel).hidden = !on;
    if (on && focus) $(tab).focus();
  }
  if (v === 'map') emap?.map.resize();
  else drawDashboard();
  writeUrl();
}

let eventsCapped = false;
function drawDashboard(): void {
  if (view !== 'dashboard') return;
  renderDashboard($('dashboard'), state.events, eventsCapped, {
    filterActor(name) {
      ($('f-actor') as HTMLInputElement).value = name;
      fitNext = true;
      void load();
    },
    filterProvince(name) {
      const p = $('f-province') as HTMLSelectElement;
      if (![...p.options].some((o) => o.value === name)) p.appendChild(h('option', { value: name }, name));
      p.value = name;
      fitNext = true;
      void load();
    },
  });
}

function filterParams(): Record<string, string | undefined> {
  const f = readFilters();
  return {
    q: f.q,
    type: f.type,
    actor: f.actor,
    weapon: f.weapon,
    grade: f.grade,
    // The API's place filter matches a province (prefix) or a country (name or code): the finer one is sent.
    place: f.province || f.country,
    since: state.range?.since,
    until: state.range?.until,
  };
}

const dayOf = (d: string | null) => (d ? Date.parse(`${d.slice(0, 10)}T00:00:00Z`) : NaN);

function showLogin(): void {
  // Leave nothing of the previous session on the page.
  state.events = [];
  state.incidents = [];
  state.selected = null;
  state.range = null;
  $('incident-list').replaceChildren();
  $('detail-body').replaceChildren();
  $('detail').hidden = true;
  emap?.setEvents([]);
  hideError();
  $('login-view').hidden = false;
  $('main-view').hidden = true;
  $('logout').hidden = true;
  $('whoami').textContent = '';
  ($('login-user') as HTMLInputElement).focus();
  void api<{ needsAdmin: boolean }>('GET', '/api/health')
    .then((h) => {
      $('login-error').textContent = h.needsAdmin ? 'No accounts yet. On the server, run: vigil user add admin --role admin' : '';
    })
    .catch(() => undefined);
}

async function showMain(me: Me): Promise<void> {
  state.me = me;
  setCsrf(me.csrfToken);
  $('login-view').hidden = true;
  $('main-view').hidden = false;
  $('logout').hidden = false;
  $('whoami').textContent = `${me.user.name} (${me.user.role})`;
  if (!emap) {
    emap = createMap($('map'), (incidentId) => void openIncident(incidentId));
    timeline = createTimeline($('timeline'), (range) => {
      // The brush fills the From / To fields, which are its keyboard equivalent.
      setRange(range ? { since: isoDay(range[0]), until: isoDay(range[1]) } : null);
      void loadData();
    });
    legend();
    // A moved map is part of the view: keep it in the URL.
    emap.map.on('moveend', () => writeUrl());
    // An online base map, when the server is configured with one (server.tileUrl); offline otherwise.
    void api<{ tileUrl?: string | null }>('GET', '/api/health')
      .then((hl) => {
        if (hl.tileUrl) emap?.setOnlineTiles(hl.tileUrl);
        $('map').dataset.online = hl.tileUrl ? 'on' : 'off';
      })
      .catch(() => undefined);
  }
  const at = readUrl();
  if (at) {
    fitNext = false;
    emap.map.jumpTo({ center: [at.lon, at.lat], zoom: at.zoom });
  }
  await load();
  openFromHash();
}

/** `#incident=42` in the URL opens that incident. */
function openFromHash(): void {
  const m = /^#incident=(\d{1,15})$/.exec(location.hash);
  if (m && state.me && Number(m[1]) !== state.selected) void openIncident(Number(m[1]), { focus: true });
}

/** Every colour and symbol on the map, explained. */
function legend(): void {
  const el = $('legend');
  clear(el);
  const item = (sw: HTMLElement, text: string) => h('li', { class: 'legend-item' }, sw, text);
  const dot = (colour: string, cls = 'swatch') => {
    const sw = h('span', { class: cls, 'data-colour': colour, 'aria-hidden': 'true' });
    sw.style.background = colour;
    return sw;
  };
  const line = (colour: string, cls: string) => {
    const sw = h('span', { class: `line-swatch ${cls}`, 'aria-hidden': 'true' });
    sw.style.borderColor = colour;
    return sw;
  };
  el.append(
    h('h2', { class: 'legend-title' }, 'Map legend'),
    h('ul', { class: 'legend-group', 'aria-label': 'Event types' }, ...Object.entries(TYPE_COLOURS).map(([type, colour]) => item(dot(colour), type)), item(dot(OTHER_COLOUR), 'Type not known')),
    h('ul', { class: 'legend-group', 'aria-label': 'Weapons of concern' }, ...CONCERN_MARKERS.map((m) => item(markerSwatch(m.shape), m.label))),
    h(
      'ul',
      { class: 'legend-group', 'aria-label': 'Base map' },
      item(h('span', { class: 'ring-swatch', 'aria-hidden': 'true' }), 'Open incident'),
      item(line(BASE.border, 'solid'), 'Country border'),
      item(line(BASE.province, 'dashed'), 'Province (ADM1) boundary'),
      item(h('span', { class: 'size-swatch', 'aria-hidden': 'true' }), 'Larger circle: more killed'),
    ),
  );
}

/** Apply a date range: state, the From / To fields, the text under the filters and the brush. */
function setRange(r: { since?: string; until?: string } | null): void {
  state.range = r && (r.since || r.until) ? r : null;
  ($('f-since') as HTMLInputElement).value = state.range?.since ?? '';
  ($('f-until') as HTMLInputElement).value = state.range?.until ?? '';
  $('f-range').textContent = state.range ? `Dates: ${state.range.since ?? '…'} – ${state.range.until ?? '…'}` : '';
  timeline?.setRange(state.range);
}

/** New filters: redraw the timeline (all matching events, per day) and reload the data. */
async function load(): Promise<void> {
  const p = { ...filterParams(), since: undefined, until: undefined };
  try {
    const hist = await api<{ buckets: { start: string; count: number }[]; undated?: { count: number } }>('GET', `/api/events/histogram${qs({ ...p, bucket: 'day' })}`);
    timeline?.setCounts(hist.buckets.map((b) => ({ t: dayOf(b.start), n: b.count })).filter((b) => Number.isFinite(b.t)), hist.undated?.count ?? 0);
    timeline?.setRange(state.range);
  } catch (e) {
    handleError(e);
    return;
  }
  await loadData();
}

/** Events for the map and incidents for the list, for the filters and the brushed date range. */
async function loadData(): Promise<void> {
  status('Loading…');
  $('incident-list').setAttribute('aria-busy', 'true');
  if (state.incidents.length === 0) $('incident-empty').hidden = true;
  const p = filterParams();
  try {
    const [ev, inc] = await Promise.all([
      loadEvents(p),
      // Incident status filters the list only: events have their own statuses (no "merged").
      api<Page<IncidentSummary>>('GET', `/api/incidents${qs({ ...p, status: ($('f-status') as HTMLSelectElement).value, limit: LIST_LIMIT })}`),
    ]);
    state.events = ev.items;
    state.incidents = inc.items;
    eventsCapped = ev.nextCursor !== null;
    remember(ev.items);
    const weapons = new Set(state.events.flatMap((e) => e.weapons));
    $('weapon-list').replaceChildren(...[...weapons].sort().slice(0, 200).map((w) => h('option', { value: w })));
    redraw();
    // Fit the map to the events only when the filters changed, never after a review action (the analyst keeps the view).
    if (fitNext && !state.range) emap?.fit(state.events);
    fitNext = false;
    drawDashboard();
    writeUrl();
    status(`${state.events.length}${ev.nextCursor ? '+' : ''} events, ${state.incidents.length}${inc.nextCursor ? '+' : ''} incidents`);
    hideError();
  } catch (e) {
    handleError(e);
  } finally {
    $('incident-list').removeAttribute('aria-busy');
  }
}

/** Events for the map: pages of 1000 (the API's page limit) up to MAP_LIMIT. */
async function loadEvents(p: Record<string, string | undefined>): Promise<Page<EventSummary>> {
  const items: EventSummary[] = [];
  let cursor: string | null = null;
  do {
    const pg: Page<EventSummary> = await api<Page<EventSummary>>('GET', `/api/events${qs({ ...p, limit: 1000, cursor })}`);
    items.push(...pg.items);
    cursor = pg.nextCursor;
  } while (cursor && items.length < MAP_LIMIT);
  return { items, nextCursor: cursor };
}

/** Draw the map and the incident list. */
function redraw(): void {
  emap?.setEvents(state.events);
  const incidents = state.incidents;
  $('incident-count').textContent = `(${incidents.length})`;
  $('incident-empty').hidden = incidents.length > 0;
  $('incident-list').replaceChildren(
    ...incidents.map((i) => {
      // A real button in each list item: keyboard (Enter, Space) and screen readers get it for free, and
      // the <ol> keeps plain list items.
      const open = h(
        'button',
        { type: 'button', class: 'incident-open' },
        h('span', { class: 'incident-title', dir: 'auto' }, `${i.kind || i.subEventType || i.eventType || 'incident'} — ${i.place ?? '?'}`),
        h('span', { class: 'muted' }, ` ${i.date ?? ''} · ${i.reportCount} report${i.reportCount === 1 ? '' : 's'} · ${i.grade ?? 'ungraded'}${i.status === 'pending' ? '' : ` · ${i.status}`}`),
      );
      open.addEventListener('click', () => void openIncident(i.id, { focus: true }));
      const li = h('li', { class: `incident grade-${i.grade ?? 'none'}`, 'data-id': i.id }, open);
      if (i.id === state.selected) li.setAttribute('aria-current', 'true');
      return li;
    }),
  );
}

/**
 * Show one incident. `focus`: move keyboard focus to its title (opened from the list or the map); after a
 * review action the view is redrawn and focus goes back to the control that had it, when it still exists.
 */
async function openIncident(id: number, opts: { focus?: boolean; keepView?: boolean } = {}): Promise<void> {
  if (!state.me) return;
  const me = state.me;
  const body = $('detail-body');
  const hadFocus = document.activeElement instanceof HTMLElement && body.contains(document.activeElement) ? document.activeElement.id : '';
  if (state.selected !== id) {
    // Loading state; the previous incident's controls must not stay clickable meanwhile.
    body.replaceChildren(h('p', { class: 'muted loading', id: 'detail-loading' }, `Loading incident #${id}…`));
  }
  state.selected = id;
  // A link to the open incident: reload or share the URL and it opens again.
  if (location.hash !== `#incident=${id}`) history.replaceState(null, '', `#incident=${id}`);
  $('detail').hidden = false;
  $('detail').setAttribute('aria-busy', 'true');
  for (const li of document.querySelectorAll('#incident-list li')) li.toggleAttribute('aria-current', Number((li as HTMLElement).dataset.id) === id);
  try {
    const inc = await api<IncidentDetail>('GET', `/api/incidents/${encodeURIComponent(id)}`);
    if (state.selected !== id) return; // the analyst opened another one meanwhile
    renderIncident(body, inc, me, handlersFor(inc));
    const again = hadFocus ? document.getElementById(hadFocus) : null;
    again?.focus(); // no-op when disabled or inside a closed <details>
    if ((opts.focus || hadFocus) && (!again || document.activeElement !== again)) $('incident-title').focus();
    emap?.select(inc.lat !== null && inc.lon !== null ? { lon: inc.lon, lat: inc.lat } : null);
    // Bring the incident into view, unless the analyst just reviewed it: then the map stays where they left it.
    if (!opts.keepView && inc.lat !== null && inc.lon !== null && emap) emap.map.easeTo({ center: [inc.lon, inc.lat], zoom: Math.max(emap.map.getZoom(), 7) });
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return handleError(e);
    body.replaceChildren(h('p', { class: 'error', role: 'alert', id: 'detail-error' }, describeError(e)));
  } finally {
    $('detail').removeAttribute('aria-busy');
  }
}

function closeIncident(): void {
  const id = state.selected;
  $('detail').hidden = true;
  state.selected = null;
  emap?.select(null);
  emap?.cancelPick();
  history.replaceState(null, '', location.pathname + location.search);
  const li = id === null ? null : document.querySelector<HTMLElement>(`#incident-list li[data-id="${id}"]`);
  li?.removeAttribute('aria-current');
  li?.querySelector<HTMLElement>('button')?.focus();
}

/** What the incident view's controls do. Each write refreshes the view, the list and the map; errors go back to the form. */
function handlersFor(inc: IncidentDetail): IncidentViewHandlers {
  const id = inc.id;
  const path = `/api/incidents/${encodeURIComponent(id)}`;
  const after = async (msg: string, show = id) => {
    status(msg);
    hideError();
    await openIncident(show, { keepView: true });
    await load();
  };
  return {
    async decide(action, note) {
      await api<ReviewResult>('POST', `${path}/review`, { action, ...(note.trim() ? { note } : {}) });
      await after(`Incident #${id} ${action === 'accept' ? 'accepted' : 'rejected'}`);
    },
    async edit(field, value, note) {
      await api<ReviewResult>('PATCH', path, { field, value, note });
      await after(`Incident #${id}: ${field} corrected`);
    },
    async editMany(edits, note) {
      for (const e of edits) await api<ReviewResult>('PATCH', path, { field: e.field, value: e.value, note });
      emap?.cancelPick();
      await after(`Incident #${id}: ${edits.map((e) => e.field).join(' and ')} corrected`);
    },
    async editReports(field, value, note) {
      const live = inc.events.filter((e) => e.status !== 'rejected');
      if (live.length === 0) throw new Error('every report of this incident is rejected: accept one first');
      // One request per report: each is its own audit entry, shown in the incident's trail.
      for (const ev of live) await api<ReviewResult>('PATCH', `/api/events/${encodeURIComponent(ev.id)}`, { field, value, note });
      await after(`Incident #${id}: ${field} corrected on ${live.length} report${live.length === 1 ? '' : 's'}`);
    },
    pickPoint() {
      return emap ? emap.pickPoint() : Promise.resolve(null);
    },
    async merge(into, from, note) {
      await api<ReviewResult>('POST', '/api/incidents/merge', { into, from, note });
      await after(`Merged ${from.map((f) => `#${f}`).join(', ')} into #${into}`, into);
    },
    async split(eventIds, note) {
      const res = await api<ReviewResult>('POST', '/api/incidents/split', { eventIds, note });
      await after(`Split ${eventIds.length} report${eventIds.length === 1 ? '' : 's'} out of #${id} into new incident #${res.incidentId ?? '?'}`);
    },
    async reviewReports(action, eventIds, note) {
      // One request per report: each is its own audit entry. Stops at the first failure (shown in the form).
      const verb = action === 'accept' ? 'accepted' : 'rejected';
      let done = 0;
      for (const ev of eventIds) {
        try {
          await api<ReviewResult>('POST', `/api/events/${encodeURIComponent(ev)}/review`, { action, ...(note.trim() ? { note } : {}) });
        } catch (e) {
          if (done === 0) throw e; // nothing changed: the form shows the error
          // Some changed: redraw (the form goes away with the old view), then say where it stopped.
          await after('');
          showError(`${done} of ${eventIds.length} reports ${verb}; report (event ${ev}) failed: ${describeError(e)}`);
          return;
        }
        done++;
      }
      await after(`${done} report${done === 1 ? '' : 's'} ${verb} in #${id}`);
    },
    async nearby(km, days) {
      return (await api<{ items: NearbyIncident[] }>('GET', `${path}/nearby${qs({ km, days })}`)).items;
    },
    async audit() {
      return (await api<{ items: ReviewEntry[] }>('GET', `${path}/audit`)).items;
    },
    open(other) {
      void openIncident(other, { focus: true });
    },
  };
}

function exportData(format: string): void {
  // A same-origin GET with the session cookie; the server answers with Content-Disposition: attachment.
  const a = h('a', { href: `/api/exports/${format}${qs(filterParams())}`, download: `vigil-events.${format}` });
  document.body.appendChild(a);
  a.click();
  a.remove();
}

function handleError(e: unknown): void {
  if (e instanceof ApiError && e.status === 401) {
    state.me = null;
    showLogin();
    return;
  }
  showError(describeError(e));
}

async function login(ev: SubmitEvent): Promise<void> {
  ev.preventDefault();
  $('login-error').textContent = '';
  try {
    const { csrfToken } = await api<{ csrfToken: string }>('GET', '/api/auth/csrf');
    setCsrf(csrfToken);
    const me = await api<Me>('POST', '/api/auth/login', {
      username: ($('login-user') as HTMLInputElement).value,
      password: ($('login-pass') as HTMLInputElement).value,
    });
    ($('login-pass') as HTMLInputElement).value = '';
    await showMain(me);
  } catch (e) {
    $('login-error').textContent = describeError(e);
  }
}

async function boot(): Promise<void> {
  const typeSel = $('f-type') as HTMLSelectElement;
  for (const t of Object.keys(TYPE_COLOURS)) typeSel.appendChild(h('option', { value: t }, t));
  $('login-form').addEventListener('submit', (ev) => void login(ev as SubmitEvent));
  $('filters').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const since = ($('f-since') as HTMLInputElement).value;
    const until = ($('f-until') as HTMLInputElement).value;
    // Typed in the wrong order: swap rather than show nothing.
    setRange(since && until && since > until ? { since: until, until: since } : { since: since || undefined, until: until || undefined });
    fitNext = true;
    void load();
  });
  $('filters').addEventListener('reset', () => {
    setTimeout(() => {
      setRange(null);
      fitNext = true;
      void load();
    }, 0);
  });
  $('exports').addEventListener('click', (ev) => {
    const f = (ev.target as HTMLElement).dataset.format;
    if (f) exportData(f);
  });
  $('detail-close').addEventListener('click', closeIncident);
  // Escape closes the incident view (unless it is closing a <select> or similar first).
  $('detail').addEventListener('keydown', (ev) => {
    // Not while typing a reason or choosing in a list: Escape there means "never mind", not "close".
    const t = ev.target as HTMLElement;
    const editing = t instanceof HTMLInputElement ? !['checkbox', 'radio', 'button', 'submit'].includes(t.type) : t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement;
    if (ev.key === 'Escape' && !ev.defaultPrevented && !editing) closeIncident();
  });
  $('app-error-close').addEventListener('click', hideError);
  $('f-country').addEventListener('change', () => {
    // A new country: its provinces only.
    ($('f-province') as HTMLSelectElement).value = '';
    fillPlaceSelects();
  });
  // Tabs: click, or arrow keys between them (WAI-ARIA tabs pattern).
  $('tab-map').addEventListener('click', () => setView('map', false));
  $('tab-dashboard').addEventListener('click', () => setView('dashboard', false));
  for (const id of ['tab-map', 'tab-dashboard']) {
    $(id).addEventListener('keydown', (ev) => {
      if (ev.key === 'ArrowRight' || ev.key === 'ArrowLeft' || ev.key === 'Home' || ev.key === 'End') {
        ev.preventDefault();
        setView(view === 'map' ? 'dashboard' : 'map', true);
      }
    });
  }
  window.addEventListener('hashchange', openFromHash);
  $('logout').addEventListener('click', async () => {
    await api('POST', '/api/auth/logout').catch(() => undefined);
    history.replaceState(null, '', location.pathname + location.search);
    state.me = null;
    showLogin();
  });
  try {
    await showMain(await api<Me>('GET', '/api/auth/me'));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) showLogin();
    else handleError(e);
  }
}

// For the browser tests and for debugging from the console: read-only handles, no secrets.
(window as unknown as { __vigil: unknown }).__vigil = {
  get map() {
    return emap?.map ?? null;
  },
  state,
  DAY,
};

void boot();

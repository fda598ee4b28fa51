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
import { clear, h } from './dom.js';
import { renderIncident, type IncidentViewHandlers } from './incident.js';
import { createMap, TYPE_COLOURS, type EventMap } from './map.js';
import { createTimeline, isoDay, type Timeline } from './timeline.js';
import './style.css';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
/** How many events the map loads at once; more than this, and the analyst should narrow the filters. */
const MAP_LIMIT = 5000;
const LIST_LIMIT = 200;
const DAY = 86_400_000;

interface Filters {
  q: string;
  type: string;
  actor: string;
  weapon: string;
  grade: string;
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
  return { q: v('f-q'), type: v('f-type'), actor: v('f-actor'), weapon: v('f-weapon'), grade: v('f-grade') };
}

function filterParams(): Record<string, string | undefined> {
  const f = readFilters();
  return {
    q: f.q,
    type: f.type,
    actor: f.actor,
    weapon: f.weapon,
    grade: f.grade,
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
  }
  await load();
  openFromHash();
}

/** `#incident=42` in the URL opens that incident. */
function openFromHash(): void {
  const m = /^#incident=(\d{1,15})$/.exec(location.hash);
  if (m && state.me && Number(m[1]) !== state.selected) void openIncident(Number(m[1]), { focus: true });
}

function legend(): void {
  const el = $('legend');
  clear(el);
  for (const [type, colour] of Object.entries(TYPE_COLOURS)) {
    const sw = h('span', { class: 'swatch', 'data-colour': colour });
    sw.style.background = colour;
    el.appendChild(h('span', { class: 'legend-item' }, sw, type));
  }
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
    const hist = await api<{ buckets: { start: string; count: number }[] }>('GET', `/api/events/histogram${qs({ ...p, bucket: 'day' })}`);
    timeline?.setCounts(hist.buckets.map((b) => ({ t: dayOf(b.start), n: b.count })).filter((b) => Number.isFinite(b.t)));
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
    const weapons = new Set(state.events.flatMap((e) => e.weapons));
    $('weapon-list').replaceChildren(...[...weapons].sort().slice(0, 200).map((w) => h('option', { value: w })));
    redraw();
    if (!state.range) emap?.fit(state.events);
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
async function openIncident(id: number, opts: { focus?: boolean } = {}): Promise<void> {
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
    if (inc.lat !== null && inc.lon !== null && emap) emap.map.easeTo({ center: [inc.lon, inc.lat], zoom: Math.max(emap.map.getZoom(), 7) });
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
    await openIncident(show);
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
    void load();
  });
  $('filters').addEventListener('reset', () => {
    setTimeout(() => {
      setRange(null);
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

/**
 * Review controls of the incident view (analysts and admins only; viewers never get them, and the API
 * refuses their writes anyway): accept / reject / discount, correct a field, merge with other incidents,
 * split reports out. Every change but an accept needs a reason; the server enforces it, and its refusal
 * (VIGIL_ERR_ code, message, field) is shown next to the form.
 */
import { ACLED_TAXONOMY } from '../../src/model/event.js';
import { describeError, ApiError, type IncidentDetail, type NearbyIncident } from './api.js';
import { h } from './dom.js';
import { ROLES } from './incident.js';

export interface ReviewHandlers {
  decide(action: 'accept' | 'reject', note: string): Promise<void>;
  edit(field: string, value: unknown, note: string): Promise<void>;
  merge(into: number, from: number[], note: string): Promise<void>;
  split(eventIds: number[], note: string): Promise<void>;
  /** Accept or reject single reports (their events), one request each. */
  reviewReports(action: 'accept' | 'reject', eventIds: number[], note: string): Promise<void>;
  nearby(km: number, days: number): Promise<NearbyIncident[]>;
  open(id: number): void;
  /** Several incident fields in one go (coordinates: lat then lon), one audit entry each. */
  editMany(edits: { field: string; value: unknown }[], note: string): Promise<void>;
  /** The same correction on every report (event) of the incident not rejected: actors and weapons live on reports. */
  editReports(field: 'actors' | 'weapons', value: unknown, note: string): Promise<void>;
  /** Wait for a click on the map; null when cancelled. */
  pickPoint(): Promise<{ lon: number; lat: number } | null>;
}

/** What the field names of the API are called on screen. */
const FIELD_WORDS: Record<string, string> = {
  note: 'Reason',
  value: 'Value',
  field: 'Field',
  lat: 'Latitude',
  lon: 'Longitude',
  actors: 'Actors',
  weapons: 'Weapons',
  fatalities: 'Killed',
  dateStart: 'Start date',
  dateEnd: 'End date',
};

/**
 * A failed request as the analyst should read it at the field: a plain sentence, not the catalogue's code
 * (which stays in data-code for support and tests). "note: a reason is required: say why in `note` …" becomes
 * "Reason: a reason is required. Say why …".
 */
export function plainError(e: unknown): { text: string; code: string | null; path: string | null } {
  if (!(e instanceof ApiError)) return { text: describeError(e), code: null, path: null };
  const d = e.details[0];
  const sentence = (m: string) => {
    const t = m
      .replace(/`(\w+)`/g, (_, w: string) => `the ${FIELD_WORDS[w] ?? w} field`)
      .replace(/:\s+(\w)/, (_, c: string) => `. ${c.toUpperCase()}`)
      .trim();
    return (t.charAt(0).toUpperCase() + t.slice(1)).replace(/([^.!?)])$/, '$1.').replace(/\)$/, ').');
  };
  if (e.status === 403) return { text: 'You are not allowed to do this: reviewing needs the analyst or admin role.', code: e.code, path: null };
  if (e.status === 404) return { text: 'This no longer exists: it may have been merged or removed. Reload the incident.', code: e.code, path: null };
  if (e.status === 409) return { text: `This conflicts with another change: ${sentence(e.message)} Reload the incident and try again.`, code: e.code, path: null };
  if (d) {
    const path = d.path.split('.')[0] || null;
    // The reason's own message names it; other fields are named first ("Latitude: Number must be …").
    const label = path && path !== 'note' ? FIELD_WORDS[path] ?? path : null;
    return { text: `${label ? `${label}: ` : ''}${sentence(d.message)}`, code: e.code, path };
  }
  return { text: sentence(e.message), code: e.code, path: null };
}

export const GRADES = ['confirmed', 'fair', 'weak', 'contested', 'discounted'] as const;
const PRECISIONS = ['exact', 'near', 'district', 'province', 'country', 'unknown'] as const;
const REASON_MAX = 2000;

let uid = 0;
const nextId = (p: string) => `${p}-${++uid}`;

/** A labelled control: <label for> + control, so screen readers and clicks on the label work. */
function field(labelText: string, control: HTMLElement, hint?: string): HTMLElement {
  if (!control.id) control.id = nextId('f');
  const hintEl = hint ? h('span', { class: 'hint muted', id: `${control.id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, labelText), control, hintEl);
}

function reasonInput(id: string, required: boolean): HTMLInputElement {
  return h('input', {
    id,
    name: 'note',
    maxlength: REASON_MAX,
    dir: 'auto',
    autocomplete: 'off',
    placeholder: required ? 'why (required, kept in the audit trail)' : 'why (optional for accept)',
    // Not `required`: the browser's own bubble would hide the server's answer; aria-required tells assistive tech.
    'aria-required': required ? 'true' : undefined,
  });
}

function errorBox(id: string): HTMLElement {
  return h('p', { class: 'error form-error', id, role: 'alert', hidden: true });
}

function showError(box: HTMLElement, msg: string): void {
  box.textContent = msg;
  box.hidden = false;
}

/**
 * Run a write with the form locked (aria-busy, controls disabled, the button says what is happening);
 * on failure show the error and move focus to the field at fault, if the server named one.
 */
async function run(form: HTMLElement, box: HTMLElement, button: HTMLButtonElement, busyText: string, fn: () => Promise<void>): Promise<void> {
  box.hidden = true;
  box.textContent = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  const controls = [...form.querySelectorAll<HTMLInputElement | HTMLButtonElement | HTMLSelectElement>('input, button, select')];
  const was = controls.map((c) => c.disabled);
  const label = button.textContent;
  controls.forEach((c) => (c.disabled = true));
  form.setAttribute('aria-busy', 'true');
  button.textContent = busyText;
  try {
    await fn();
  } catch (e) {
    const plain = plainError(e);
    showError(box, plain.text);
    if (plain.code) box.dataset.code = plain.code;
    const path = plain.path;
    const bad = path ? form.querySelector<HTMLElement>(`[name="${path === 'note' ? 'note' : 'value'}"]`) : null;
    // Put the message at the field it is about, and tie them together for screen readers.
    if (bad) {
      const holder = bad.closest('.field, fieldset') ?? bad.parentElement;
      holder?.after(box);
      bad.setAttribute('aria-describedby', [bad.getAttribute('aria-describedby'), box.id].filter(Boolean).join(' '));
    }
    controls.forEach((c, i) => (c.disabled = was[i]));
    bad?.setAttribute('aria-invalid', 'true');
    (bad ?? button).focus();
  } finally {
    form.removeAttribute('aria-busy');
    button.textContent = label;
    if (button.isConnected) controls.forEach((c, i) => (c.disabled = was[i]));
  }
}

// ---------------------------------------------------------------------------------------------
// Accept / reject / discount

function decisionForm(inc: IncidentDetail, hs: ReviewHandlers): HTMLElement {
  const note = reasonInput('review-note', false);
  const box = errorBox('review-error');
  const accept = h('button', { type: 'button', id: 'review-accept' }, 'Accept');
  const reject = h('button', { type: 'button', id: 'review-reject', class: 'danger' }, 'Reject');
  const discount = h('button', { type: 'button', id: 'review-discount' }, 'Discount');
  const form = h(
    'form',
    { class: 'review-form', id: 'decision-form', 'aria-labelledby': 'decision-h' },
    h('h4', { id: 'decision-h' }, 'Decision'),
    field('Reason', note, 'Needed to reject or discount. Accept agrees with the machine and may go without.'),
    h('div', { class: 'row' }, accept, reject, discount),
    box,
  );
  form.addEventListener('submit', (ev) => ev.preventDefault());
  accept.disabled = inc.status === 'accepted';
  reject.disabled = inc.status === 'rejected';
  discount.disabled = inc.grade === 'discounted';
  accept.addEventListener('click', () => void run(form, box, accept, 'Accepting…', () => hs.decide('accept', note.value)));
  reject.addEventListener('click', () => void run(form, box, reject, 'Rejecting…', () => hs.decide('reject', note.value)));
  // Discount keeps the incident but grades it as not credible (Airwars' "discounted").
  discount.addEventListener('click', () => void run(form, box, discount, 'Saving…', () => hs.edit('grade', 'discounted', note.value)));
  return form;
}

// ---------------------------------------------------------------------------------------------
// Correct a field

interface ValueWidget {
  el: HTMLElement;
  read(): unknown;
}

function select(id: string, options: readonly string[], current: string | null, extra: { nullable?: boolean } = {}): HTMLSelectElement {
  const sel = h('select', { id, name: 'value' }, extra.nullable ? h('option', { value: '' }, '— not known —') : null, ...options.map((o) => h('option', { value: o }, o)));
  sel.value = current && options.includes(current) ? current : extra.nullable ? '' : options[0];
  return sel;
}

function textInput(id: string, current: string | null, type = 'text'): HTMLInputElement {
  const inp = h('input', { id, name: 'value', type, maxlength: 200, dir: type === 'text' ? 'auto' : undefined, autocomplete: 'off' });
  inp.value = current ?? '';
  return inp;
}

function numberInput(id: string, labelText: string, current: number | undefined): { el: HTMLElement; input: HTMLInputElement } {
  const input = h('input', { id, name: 'value', type: 'number', min: 0, max: 10_000_000, step: 1, inputmode: 'numeric' });
  if (current !== undefined) input.value = String(current);
  return { el: h('span', { class: 'num' }, h('label', { for: id }, labelText), input), input };
}

/** The control for one field, prefilled with the incident's current value. */
function valueWidget(fieldName: string, inc: IncidentDetail): ValueWidget {
  const nullIfEmpty = (s: string) => (s.trim() === '' ? null : s.trim());
  switch (fieldName) {
    case 'eventType': {
      const s = select('edit-value', Object.keys(ACLED_TAXONOMY), inc.eventType, { nullable: true });
      return { el: field('Event type', s), read: () => nullIfEmpty(s.value) };
    }
    case 'subEventType': {
      const s = h(
        'select',
        { id: 'edit-value', name: 'value' },
        h('option', { value: '' }, '— not known —'),
        ...Object.entries(ACLED_TAXONOMY).map(([type, subs]) => h('optgroup', { label: type }, ...subs.map((sub) => h('option', { value: sub }, sub)))),
      );
      s.value = inc.subEventType ?? '';
      return { el: field('Sub-event type', s), read: () => nullIfEmpty(s.value) };
    }
    case 'precision': {
      const s = select('edit-value', PRECISIONS, inc.precision ?? null, { nullable: true });
      return { el: field('Location precision', s, 'exact: the named place; near: within a few km; district / province / country: only that is known.'), read: () => nullIfEmpty(s.value) };
    }
    case 'grade': {
      const s = select('edit-value', GRADES, inc.grade);
      return { el: field('Grade', s), read: () => s.value };
    }
    case 'fatalities': {
      const r = inc.fatalities;
      const low = numberInput('edit-low', 'low', r?.low);
      const best = numberInput('edit-best', 'best', r?.best);
      const high = numberInput('edit-high', 'high', r?.high);
      const el = h(
        'fieldset',
        { class: 'range', 'aria-describedby': 'edit-range-hint' },
        h('legend', {}, 'Killed'),
        low.el,
        best.el,
        high.el,
        h('span', { class: 'hint muted', id: 'edit-range-hint' }, 'Leave all empty for "not reported". Only best: low = high = best.'),
      );
      const num = (i: HTMLInputElement) => (i.value.trim() === '' ? null : Number(i.value));
      return {
        el,
        read: () => {
          const [l, b, hi] = [num(low.input), num(best.input), num(high.input)];
          if (l === null && b === null && hi === null) return null;
          const bb = b ?? l ?? hi ?? 0;
          return { low: l ?? bb, best: bb, high: hi ?? bb };
        },
      };
    }
    case 'dateStart':
    case 'dateEnd': {
      const inp = textInput('edit-value', fieldName === 'dateStart' ? inc.date : inc.dateEnd, 'date');
      return { el: field(fieldName === 'dateStart' ? 'Start date' : 'End date', inp), read: () => nullIfEmpty(inp.value) };
    }
    case 'kind': {
      const inp = textInput('edit-value', inc.kind);
      return { el: field('Kind', inp, 'A finer label than ACLED\'s, e.g. "barrel-bomb strike".'), read: () => inp.value.trim() };
    }
    case 'coordinates': {
      const lat = h('input', { id: 'edit-lat', name: 'value', type: 'number', step: 'any', min: -90, max: 90, inputmode: 'decimal' });
      const lon = h('input', { id: 'edit-lon', name: 'value-lon', type: 'number', step: 'any', min: -180, max: 180, inputmode: 'decimal' });
      if (inc.lat !== null) lat.value = String(inc.lat);
      if (inc.lon !== null) lon.value = String(inc.lon);
      const pick = h('button', { type: 'button', id: 'edit-pick' }, 'Pick on the map');
      const status = h('span', { class: 'hint muted', id: 'edit-pick-status', 'aria-live': 'polite' });
      pick.addEventListener('click', () => {
        status.textContent = 'Click the map where it happened (Escape or Cancel to stop).';
        pick.setAttribute('aria-pressed', 'true');
        void hsRef?.pickPoint().then((p) => {
          pick.removeAttribute('aria-pressed');
          if (!p) {
            status.textContent = 'Picking cancelled.';
            return;
          }
          lat.value = String(p.lat);
          lon.value = String(p.lon);
          status.textContent = `Picked ${p.lat}, ${p.lon}. Give a reason and save.`;
          lat.focus();
        });
      });
      const num = (i: HTMLInputElement) => (i.value.trim() === '' ? null : Number(i.value));
      const el = h(
        'fieldset',
        { class: 'coords' },
        h('legend', {}, 'Coordinates'),
        h('span', { class: 'num' }, h('label', { for: lat.id }, 'Latitude'), lat),
        h('span', { class: 'num' }, h('label', { for: lon.id }, 'Longitude'), lon),
        pick,
        status,
      );
      return { el, read: () => [{ field: 'lat', value: num(lat) }, { field: 'lon', value: num(lon) }] };
    }
    case 'actors': {
      const rows = h('ul', { class: 'actor-rows', id: 'edit-actors' });
      let n = 0;
      const addRow = (name: string, role: string) => {
        const i = ++n;
        const inp = h('input', { id: `edit-actor-${i}`, name: 'value', class: 'actor-name-input', maxlength: 200, dir: 'auto', autocomplete: 'off' });
        inp.value = name;
        const sel = h('select', { id: `edit-role-${i}`, class: 'actor-role-input' }, ...ROLES.map((r) => h('option', { value: r.role }, `${r.label} (${r.hint})`)));
        sel.value = role;
        const del = h('button', { type: 'button', class: 'icon-button', 'aria-label': `Remove actor ${i}` }, 'Remove');
        const li = h('li', { class: 'actor-row' }, h('label', { for: inp.id, class: 'sr-only' }, `Actor ${i} name`), inp, h('label', { for: sel.id, class: 'sr-only' }, `Actor ${i} role`), sel, del);
        del.addEventListener('click', () => li.remove());
        rows.appendChild(li);
        return inp;
      };
      for (const a of inc.actorRoles ?? inc.actors.map((name) => ({ name, role: 'participant' }))) addRow(a.name, a.role);
      const add = h('button', { type: 'button', id: 'edit-actor-add' }, 'Add an actor');
      add.addEventListener('click', () => addRow('', 'perpetrator').focus());
      const el = h('fieldset', { class: 'actors-edit', 'aria-describedby': 'edit-actors-hint' }, h('legend', {}, 'Actors and their roles'), rows, add, h('span', { class: 'hint muted', id: 'edit-actors-hint' }, 'Saved on every report of this incident that is not rejected (one audit entry per report).'));
      return {
        el,
        read: () =>
          [...rows.querySelectorAll('li')].map((li) => ({ name: (li.querySelector('.actor-name-input') as HTMLInputElement).value.trim(), role: (li.querySelector('.actor-role-input') as HTMLSelectElement).value })).filter((a) => a.name),
      };
    }
    case 'weapons': {
      const inp = textInput('edit-value', (inc.weaponDetails?.map((w) => w.name) ?? inc.weapons).join(', '));
      inp.setAttribute('list', 'weapon-names');
      return {
        el: field('Weapons', inp, 'Separate with commas, e.g. "cluster munition, artillery". Saved on every report of this incident that is not rejected.'),
        read: () => inp.value.split(',').map((w) => w.trim()).filter(Boolean),
      };
    }
    default: {
      const current = fieldName === 'locationName' ? inc.place : fieldName === 'admin1' ? inc.admin1 : fieldName === 'country' ? inc.country : null;
      const inp = textInput('edit-value', current);
      return { el: field(EDITABLE[fieldName] ?? fieldName, inp), read: () => nullIfEmpty(inp.value) };
    }
  }
}

/** Incident fields an analyst can correct (a subset of the API's EDITABLE_INCIDENT_FIELDS). */
const EDITABLE: Record<string, string> = {
  actors: 'Actors and roles',
  weapons: 'Weapons',
  coordinates: 'Coordinates (click on the map)',
  eventType: 'Event type',
  subEventType: 'Sub-event type',
  kind: 'Kind',
  fatalities: 'Fatalities',
  precision: 'Location precision',
  locationName: 'Place',
  admin1: 'Province (admin1)',
  country: 'Country',
  dateStart: 'Start date',
  dateEnd: 'End date',
  grade: 'Grade',
};

/** The handlers of the incident on screen, for widgets that talk to the map. */
let hsRef: ReviewHandlers | null = null;

function editForm(inc: IncidentDetail, hs: ReviewHandlers): HTMLElement {
  hsRef = hs;
  const which = h('select', { id: 'edit-field', name: 'field' }, ...Object.entries(EDITABLE).map(([k, v]) => h('option', { value: k }, v)));
  const slot = h('div', { class: 'edit-slot' });
  let widget = valueWidget(which.value, inc);
  slot.replaceChildren(widget.el);
  which.addEventListener('change', () => {
    widget = valueWidget(which.value, inc);
    slot.replaceChildren(widget.el);
  });
  const note = reasonInput('edit-note', true);
  const box = errorBox('edit-error');
  const save = h('button', { type: 'submit', id: 'edit-save' }, 'Save correction');
  const form = h('form', { class: 'review-form', id: 'edit-form', novalidate: true }, field('Field', which), slot, field('Reason', note), h('div', { class: 'row' }, save), box);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = which.value;
    const value = widget.read();
    void run(form, box, save, 'Saving…', () =>
      f === 'coordinates'
        ? hs.editMany(value as { field: string; value: unknown }[], note.value)
        : f === 'actors' || f === 'weapons'
          ? hs.editReports(f, value, note.value)
          : hs.edit(f, value, note.value),
    );
  });
  return h('details', { class: 'review-box', id: 'edit-box' }, h('summary', {}, 'Correct a field'), form);
}

// ---------------------------------------------------------------------------------------------
// Merge

function candidateLabel(c: NearbyIncident): string {
  const what = c.kind || c.subEventType || c.eventType || 'incident';
  const parts = [`#${c.id} ${what} — ${c.place ?? '?'}`, c.date ?? 'undated'];
  if (c.distanceKm !== null) parts.push(`${c.distanceKm} km`);
  if (c.daysApart !== null) parts.push(c.daysApart === 0 ? 'same days' : `${c.daysApart} day${c.daysApart === 1 ? '' : 's'} apart`);
  parts.push(`${c.reportCount} report${c.reportCount === 1 ? '' : 's'}`, c.grade ?? 'ungraded');
  return parts.join(' · ');
}

function mergeForm(inc: IncidentDetail, hs: ReviewHandlers): HTMLElement {
  const km = select('merge-km', ['10', '25', '50', '100', '250'], '50');
  const days = select('merge-days', ['1', '3', '7', '14', '30', '90'], '7');
  const find = h('button', { type: 'button', id: 'merge-find' }, 'Find nearby');
  const list = h('ul', { class: 'candidates', id: 'merge-candidates', 'aria-live': 'polite' });
  const ids = h('input', { id: 'merge-id', name: 'into', inputmode: 'numeric', autocomplete: 'off', maxlength: 200, placeholder: 'e.g. 42 or 42, 57' });
  const dirThis = h('input', { type: 'radio', name: 'merge-dir', id: 'merge-dir-this', value: 'this', checked: true });
  const dirOther = h('input', { type: 'radio', name: 'merge-dir', id: 'merge-dir-other', value: 'other' });
  const note = reasonInput('merge-note', true);
  const box = errorBox('merge-error');
  const submit = h('button', { type: 'submit', id: 'merge-submit' }, 'Merge');
  let loaded = false;

  async function loadCandidates(): Promise<void> {
    loaded = true;
    list.setAttribute('aria-busy', 'true');
    list.replaceChildren(h('li', { class: 'muted loading' }, 'Looking for nearby incidents…'));
    try {
      const items = await hs.nearby(Number(km.value), Number(days.value));
      list.replaceChildren(
        ...(items.length
          ? items.map((c) => {
              const cb = h('input', { type: 'checkbox', id: `merge-cand-${c.id}`, value: c.id, class: 'merge-pick' });
              return h('li', {}, cb, h('label', { for: cb.id, dir: 'auto' }, candidateLabel(c)));
            })
          : [h('li', { class: 'muted empty', id: 'merge-none' }, `No open incident within ${km.value} km and ${days.value} days. Widen the search or type an incident id.`)]),
      );
    } catch (e) {
      list.replaceChildren(h('li', { class: 'error', role: 'alert' }, describeError(e)));
    } finally {
      list.removeAttribute('aria-busy');
    }
  }
  find.addEventListener('click', () => void loadCandidates());

  const form = h(
    'form',
    { class: 'review-form', id: 'merge-form', novalidate: true },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Nearby incidents'),
      h('div', { class: 'row' }, field('Within km', km), field('Within days', days), find),
      list,
    ),
    field('Or incident id(s)', ids, 'Separate several ids with commas.'),
    h(
      'fieldset',
      { class: 'dir' },
      h('legend', {}, 'Which one stays'),
      h('div', {}, dirThis, h('label', { for: dirThis.id }, `Merge the chosen incidents into this one (#${inc.id})`)),
      h('div', {}, dirOther, h('label', { for: dirOther.id }, 'Merge this incident into the chosen one')),
    ),
    field('Reason', note),
    h('div', { class: 'row' }, submit),
    box,
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const picked = [...list.querySelectorAll<HTMLInputElement>('input.merge-pick:checked')].map((c) => Number(c.value));
    const typed = (ids.value.match(/\d+/g) ?? []).map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
    const chosen = [...new Set([...picked, ...typed])].filter((n) => n !== inc.id);
    box.hidden = true;
    if (chosen.length === 0) return showError(box, 'Choose an incident to merge with: tick a nearby one or type its id.');
    if (dirOther.checked && chosen.length !== 1) return showError(box, 'To merge this incident into another, choose exactly one incident.');
    const [into, from] = dirOther.checked ? [chosen[0], [inc.id]] : [inc.id, chosen];
    void run(form, box, submit, 'Merging…', () => hs.merge(into, from, note.value));
  });
  const details = h('details', { class: 'review-box', id: 'merge-box' }, h('summary', {}, 'Merge with another incident'), form);
  // The candidate search runs when the analyst opens the box, not for every incident viewed.
  details.addEventListener('toggle', () => {
    if (details.open && !loaded) void loadCandidates();
  });
  return details;
}

// ---------------------------------------------------------------------------------------------
// Split

/**
 * What to do with the reports ticked in the report list (input.split-pick): split them out into a new
 * incident, or reject / accept them one by one (a rejected report stays visible, marked, and no longer
 * counts towards the incident's grade and figures).
 */
function reportsForm(inc: IncidentDetail, hs: ReviewHandlers, reportsEl: HTMLElement): HTMLElement {
  const count = h('p', { id: 'split-count', class: 'muted', 'aria-live': 'polite' });
  const note = reasonInput('split-note', true);
  const box = errorBox('split-error');
  const canSplit = inc.events.length > 1;
  const split = h('button', { type: 'submit', id: 'split-submit', disabled: !canSplit }, 'Split into a new incident');
  const reject = h('button', { type: 'button', id: 'reports-reject', class: 'danger' }, 'Reject reports');
  const accept = h('button', { type: 'button', id: 'reports-accept' }, 'Accept reports');
  const picked = () => [...reportsEl.querySelectorAll<HTMLInputElement>('input.split-pick:checked')].map((c) => Number(c.dataset.event));
  const total = inc.reports.length;
  const update = () => {
    count.textContent = `${picked().length} of ${total} report${total === 1 ? '' : 's'} selected (tick "select" on a report below).`;
  };
  update();
  reportsEl.addEventListener('change', update);
  const form = h(
    'form',
    { class: 'review-form', id: 'split-form', novalidate: true },
    count,
    field('Reason', note, 'Required to split or reject; optional to accept.'),
    h('div', { class: 'row' }, split, reject, accept),
    box,
  );
  const need = (ids: number[]) => {
    box.hidden = true;
    if (ids.length === 0) showError(box, 'Select reports first: tick "select" on each report below.');
    return ids.length > 0;
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const ids = picked();
    if (!need(ids)) return;
    if (ids.length >= inc.events.length) return showError(box, 'Leave at least one report in this incident. To move them all, merge this incident instead.');
    void run(form, box, split, 'Splitting…', () => hs.split(ids, note.value));
  });
  reject.addEventListener('click', () => {
    const ids = picked();
    if (need(ids)) void run(form, box, reject, 'Rejecting…', () => hs.reviewReports('reject', ids, note.value));
  });
  accept.addEventListener('click', () => {
    const ids = picked();
    if (need(ids)) void run(form, box, accept, 'Accepting…', () => hs.reviewReports('accept', ids, note.value));
  });
  return h('details', { class: 'review-box', id: 'split-box' }, h('summary', {}, 'Selected reports: split out, reject, accept'), form);
}

/** The checkbox on each report for choosing what to split out, reject or accept. */
export function splitPick(eventId: number): HTMLElement {
  const cb = h('input', { type: 'checkbox', class: 'split-pick', id: `split-pick-${eventId}`, 'data-event': eventId });
  return h('span', { class: 'split-pick-wrap' }, cb, h('label', { for: cb.id }, 'select'));
}

/** The whole review section, or for a merged incident a pointer to the incident it now lives in. */
export function reviewSection(inc: IncidentDetail, hs: ReviewHandlers, reportsEl: HTMLElement): HTMLElement {
  if (inc.status === 'merged' && inc.mergedInto !== null) {
    const into = inc.mergedInto;
    const go = h('button', { type: 'button', id: 'open-merged-into' }, `Open incident #${into}`);
    go.addEventListener('click', () => hs.open(into));
    return h('section', { class: 'review', id: 'review-panel', 'aria-labelledby': 'review-h' }, h('h3', { id: 'review-h' }, 'Review'), h('p', {}, `This incident was merged into #${into}; review it there. `, go));
  }
  return h(
    'section',
    { class: 'review', id: 'review-panel', 'aria-labelledby': 'review-h' },
    h('h3', { id: 'review-h' }, 'Review'),
    decisionForm(inc, hs),
    editForm(inc, hs),
    mergeForm(inc, hs),
    inc.reports.length > 0 ? reportsForm(inc, hs, reportsEl) : null,
  );
}

/** The incident view: grade and reasons, review buttons, and every report with its evidence highlighted. */
import type { IncidentDetail, Me, Report } from './api.js';
import { h, highlighted } from './dom.js';

export interface IncidentActions {
  review(action: 'accept' | 'reject', note: string): void;
  edit(field: string, value: unknown, note: string): void;
}

/** Incident fields an analyst can correct here, and how the typed text becomes a value. */
const EDITABLE: Record<string, { label: string; parse(s: string): unknown }> = {
  kind: { label: 'Kind', parse: (s) => s.trim() },
  locationName: { label: 'Place', parse: (s) => s.trim() || null },
  dateStart: { label: 'Start date (YYYY-MM-DD)', parse: (s) => s.trim() || null },
  dateEnd: { label: 'End date (YYYY-MM-DD)', parse: (s) => s.trim() || null },
  fatalities: {
    label: 'Killed (n or low-high)',
    parse: (s) => {
      const m = /^\s*(\d+)\s*(?:[-–]\s*(\d+))?\s*$/.exec(s);
      if (!m) return s.trim() === '' ? null : s;
      const low = Number(m[1]);
      const high = m[2] === undefined ? low : Number(m[2]);
      return { low, best: low, high };
    },
  },
  grade: { label: 'Grade', parse: (s) => s.trim() },
};

function editForm(actions: IncidentActions): HTMLElement {
  const field = h('select', { id: 'edit-field', 'aria-label': 'Field' }, ...Object.entries(EDITABLE).map(([k, v]) => h('option', { value: k }, v.label)));
  const value = h('input', { id: 'edit-value', placeholder: 'new value', maxlength: 200, dir: 'auto', 'aria-label': 'New value' });
  const note = h('input', { id: 'edit-note', placeholder: 'why (optional)', maxlength: 500, dir: 'auto', 'aria-label': 'Note' });
  const form = h('form', { class: 'edit', id: 'edit-form' }, field, value, note, h('button', { type: 'submit' }, 'Save'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    actions.edit(field.value, EDITABLE[field.value].parse(value.value), note.value);
  });
  return h('details', { class: 'edit-box' }, h('summary', {}, 'Correct a field'), form);
}

const canReview = (me: Me) => me.user.role === 'analyst' || me.user.role === 'admin';

function fmtRange(r: IncidentDetail['fatalities']): string {
  if (!r) return 'not reported';
  return r.low === r.high ? String(r.best) : `${r.best} (${r.low}–${r.high})`;
}

function reportView(r: Report): HTMLElement {
  const src = r.source ? `${r.source.name} (${r.source.kind})` : 'unknown source';
  const link = r.url ? h('a', { href: r.url, rel: 'noopener noreferrer nofollow', target: '_blank' }, 'original') : null;
  const excerpt = h('blockquote', { class: 'excerpt', dir: 'auto', lang: r.lang ?? undefined });
  excerpt.appendChild(highlighted(r.excerpt, r.evidence.map((e) => ({ start: e.start, end: e.end, label: e.field }))));
  return h(
    'li',
    { class: 'report', 'data-doc': r.documentId },
    h('div', { class: 'report-head' }, h('strong', { dir: 'auto' }, r.title ?? r.documentId), ' · ', h('span', { dir: 'auto' }, src), r.publishedAt ? ` · ${r.publishedAt.slice(0, 10)}` : '', link ? ' · ' : '', link),
    excerpt,
  );
}

export function renderIncident(root: HTMLElement, inc: IncidentDetail, me: Me, actions: IncidentActions): void {
  const title = [inc.kind || inc.subEventType || inc.eventType || 'incident', inc.place ? `— ${inc.place}` : ''].join(' ');
  const dates = inc.date ? (inc.dateEnd && inc.dateEnd !== inc.date ? `${inc.date} – ${inc.dateEnd}` : inc.date) : 'date not reported';
  const note = h('input', { id: 'review-note', placeholder: 'note (optional)', maxlength: 500, dir: 'auto' });
  const buttons = canReview(me)
    ? h(
        'div',
        { class: 'review' },
        note,
        h('button', { type: 'button', id: 'review-accept', 'data-action': 'accept' }, 'Accept'),
        h('button', { type: 'button', id: 'review-reject', 'data-action': 'reject' }, 'Reject'),
      )
    : h('p', { class: 'muted' }, 'Viewers cannot review. Ask an admin for the analyst role.');
  buttons.addEventListener('click', (ev) => {
    const a = (ev.target as HTMLElement).dataset.action;
    if (a === 'accept' || a === 'reject') actions.review(a, note.value);
  });

  root.replaceChildren(
    h('h2', { dir: 'auto', id: 'incident-title' }, title),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'When'), h('dd', {}, dates),
      h('dt', {}, 'Type'), h('dd', {}, `${inc.eventType ?? '?'} / ${inc.subEventType ?? '?'}`),
      h('dt', {}, 'Weapons'), h('dd', { dir: 'auto' }, inc.weapons.join(', ') || '—'),
      h('dt', {}, 'Killed'), h('dd', {}, fmtRange(inc.fatalities)),
      h('dt', {}, 'Grade'), h('dd', {}, h('span', { class: `grade grade-${inc.grade ?? 'none'}`, id: 'incident-grade' }, inc.grade ?? 'ungraded')),
      h('dt', {}, 'Status'), h('dd', { id: 'incident-status' }, inc.status),
    ),
    h('h3', {}, 'Why this grade'),
    h('ul', { class: 'reasons' }, ...inc.reasons.map((r) => h('li', { dir: 'auto' }, r))),
    buttons,
    ...(canReview(me) ? [editForm(actions)] : []),
    h('h3', {}, `Reports (${inc.reports.length})`),
    h('ol', { class: 'reports' }, ...inc.reports.map(reportView)),
    h('h3', {}, 'Review history'),
    inc.review.length
      ? h('ol', { class: 'history' }, ...inc.review.map((r) => h('li', { dir: 'auto' }, `${r.at.slice(0, 19).replace('T', ' ')} ${r.user}: ${r.action}${r.field ? ` ${r.field}` : ''}`)))
      : h('p', { class: 'muted' }, 'No review yet.'),
  );
}

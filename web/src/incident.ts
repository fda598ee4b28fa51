/** The incident view: grade and reasons, review buttons, and every report with its evidence highlighted. */
import type { IncidentDetail, Me, Report } from './api.js';
import { h, highlighted } from './dom.js';

export interface IncidentActions {
  review(action: 'accept' | 'reject', note: string): void;
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
    h('h3', {}, `Reports (${inc.reports.length})`),
    h('ol', { class: 'reports' }, ...inc.reports.map(reportView)),
    h('h3', {}, 'Review history'),
    inc.review.length
      ? h('ol', { class: 'history' }, ...inc.review.map((r) => h('li', { dir: 'auto' }, `${r.at.slice(0, 19).replace('T', ' ')} ${r.user}: ${r.action}${r.field ? ` ${r.field}` : ''}`)))
      : h('p', { class: 'muted' }, 'No review yet.'),
  );
}

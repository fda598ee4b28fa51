/**
 * The incident view: facts, grade and reasons, review controls (analysts and admins), every report with
 * its evidence highlighted, and the audit trail. Report text is untrusted and only ever becomes Text
 * nodes (dom.ts); Arabic and other RTL text is laid out by the browser from dir="auto".
 */
import type { IncidentDetail, Me, Report, ReviewEntry } from './api.js';
import { describeError } from './api.js';
import { auditTable } from './audit.js';
import { h, highlighted } from './dom.js';
import { reviewSection, splitPick, type ReviewHandlers } from './review.js';

export interface IncidentViewHandlers extends ReviewHandlers {
  audit(): Promise<ReviewEntry[]>;
}

export const canReview = (me: Me) => me.user.role === 'analyst' || me.user.role === 'admin';

function fmtRange(r: IncidentDetail['fatalities']): string {
  if (!r) return 'not reported';
  return r.low === r.high ? String(r.best) : `${r.best} (${r.low}–${r.high})`;
}

function reportView(r: Report, status: string | undefined, withPick: boolean): HTMLElement {
  const src = r.source ? `${r.source.name} (${r.source.kind})` : 'unknown source';
  const link = r.url ? h('a', { href: r.url, rel: 'noopener noreferrer nofollow', target: '_blank' }, 'original') : null;
  const excerpt = h('blockquote', { class: 'excerpt', dir: 'auto', lang: r.lang ?? undefined });
  excerpt.appendChild(highlighted(r.excerpt, r.evidence.map((e) => ({ start: e.start, end: e.end, label: e.field }))));
  return h(
    'li',
    { class: `report report-${status ?? 'pending'}`, 'data-doc': r.documentId, 'data-event': r.eventId, 'data-status': status ?? 'pending' },
    h(
      'div',
      { class: 'report-head' },
      h('strong', { dir: 'auto' }, r.title ?? r.documentId),
      ' · ',
      h('span', { dir: 'auto' }, src),
      r.publishedAt ? ` · ${r.publishedAt.slice(0, 10)}` : '',
      link ? ' · ' : '',
      link,
      status === 'rejected' || status === 'accepted' ? h('span', { class: `badge badge-${status}` }, `report ${status}`) : null,
      withPick ? splitPick(r.eventId) : null,
    ),
    excerpt,
  );
}

/** Fill the audit panel: loading state, then the table, its empty state, or the error with its code. */
export async function loadAudit(panel: HTMLElement, inc: IncidentDetail, hs: IncidentViewHandlers): Promise<void> {
  const body = panel.querySelector<HTMLElement>('.audit-body');
  if (!body) return;
  panel.setAttribute('aria-busy', 'true');
  body.replaceChildren(h('p', { class: 'muted loading' }, 'Loading the audit trail…'));
  try {
    const entries = await hs.audit();
    body.replaceChildren(auditTable(entries, inc.id));
  } catch (e) {
    body.replaceChildren(h('p', { class: 'error', role: 'alert', id: 'audit-error' }, describeError(e)));
  } finally {
    panel.removeAttribute('aria-busy');
  }
}

export function renderIncident(root: HTMLElement, inc: IncidentDetail, me: Me, hs: IncidentViewHandlers): void {
  const title = [inc.kind || inc.subEventType || inc.eventType || 'incident', inc.place ? `— ${inc.place}` : ''].join(' ');
  const dates = inc.date ? (inc.dateEnd && inc.dateEnd !== inc.date ? `${inc.date} – ${inc.dateEnd}` : inc.date) : 'date not reported';
  const reviewer = canReview(me);
  const statusOf = new Map(inc.events.map((e) => [e.id, e.status]));
  const reportsEl = h('ol', { class: 'reports', id: 'reports' }, ...inc.reports.map((r) => reportView(r, statusOf.get(r.eventId), reviewer && inc.status !== 'merged')));
  const audit = h('section', { class: 'audit-panel', id: 'audit', 'aria-labelledby': 'audit-h' }, h('h3', { id: 'audit-h' }, 'Audit trail'), h('div', { class: 'audit-body' }));

  root.replaceChildren(
    h('h2', { dir: 'auto', id: 'incident-title', tabindex: -1 }, title),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Incident'), h('dd', { id: 'incident-id' }, `#${inc.id}`),
      h('dt', {}, 'When'), h('dd', {}, dates),
      h('dt', {}, 'Type'), h('dd', {}, `${inc.eventType ?? '?'} / ${inc.subEventType ?? '?'}`),
      h('dt', {}, 'Where'),
      h('dd', { dir: 'auto', id: 'incident-where' }, [inc.place, inc.admin1, inc.country].filter(Boolean).join(', ') || 'not reported', inc.precision ? ` (precision: ${inc.precision})` : ''),
      h('dt', {}, 'Weapons'), h('dd', { dir: 'auto' }, inc.weapons.join(', ') || '—'),
      h('dt', {}, 'Killed'), h('dd', { id: 'incident-fatalities' }, fmtRange(inc.fatalities)),
      h('dt', {}, 'Grade'), h('dd', {}, h('span', { class: `grade grade-${inc.grade ?? 'none'}`, id: 'incident-grade' }, inc.grade ?? 'ungraded')),
      h('dt', {}, 'Status'), h('dd', { id: 'incident-status' }, inc.status),
      h('dt', {}, 'Reports'), h('dd', {}, `${inc.reportCount} from ${inc.sourceCount} source${inc.sourceCount === 1 ? '' : 's'}`),
    ),
    h('h3', {}, 'Why this grade'),
    inc.reasons.length ? h('ul', { class: 'reasons' }, ...inc.reasons.map((r) => h('li', { dir: 'auto' }, r))) : h('p', { class: 'muted' }, 'No reasons recorded.'),
    reviewer
      ? reviewSection(inc, hs, reportsEl)
      : h('p', { class: 'muted', id: 'viewer-note' }, 'You have the viewer role: you can read incidents and their audit trail. Ask an admin for the analyst role to review.'),
    h('h3', {}, `Reports (${inc.reports.length})`),
    inc.reports.length ? reportsEl : h('p', { class: 'muted empty' }, 'No reports left in this incident.'),
    audit,
  );
  void loadAudit(audit, inc, hs);
}

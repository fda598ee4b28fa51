/**
 * The incident view: facts, grade and reasons, review controls (analysts and admins), every report with
 * its evidence highlighted, and the audit trail. Report text is untrusted and only ever becomes Text
 * nodes (dom.ts); Arabic and other RTL text is laid out by the browser from dir="auto".
 */
import type { IncidentDetail, Me, Range, Report, ReviewEntry } from './api.js';
import { describeError } from './api.js';
import { auditTable } from './audit.js';
import { EVIDENCE_FIELDS, h, highlighted } from './dom.js';
import { CONCERN_MARKERS, markerSwatch } from './map.js';
import { reviewSection, splitPick, type ReviewHandlers } from './review.js';

export interface IncidentViewHandlers extends ReviewHandlers {
  audit(): Promise<ReviewEntry[]>;
}

export const canReview = (me: Me) => me.user.role === 'analyst' || me.user.role === 'admin';

function fmtRange(r: IncidentDetail['fatalities']): string {
  if (!r) return 'not reported';
  return r.low === r.high ? String(r.best) : `${r.best} (${r.low}–${r.high})`;
}

export const ROLES: { role: string; label: string; hint: string }[] = [
  { role: 'perpetrator', label: 'Perpetrator', hint: 'who did it' },
  { role: 'target', label: 'Target', hint: 'who or what it was aimed at' },
  { role: 'victim', label: 'Victim', hint: 'who was harmed' },
  { role: 'participant', label: 'Other party', hint: 'named, role not stated' },
];

/** Actors grouped by role, each with how many reports name them so. */
function actorsView(inc: IncidentDetail): HTMLElement {
  const actors = inc.actorRoles ?? inc.actors.map((name) => ({ name, role: 'participant', category: '', reports: 1 }));
  if (actors.length === 0) return h('p', { class: 'muted', id: 'actors-none' }, 'No actor named in the reports.');
  const n = inc.reports.length;
  return h(
    'dl',
    { class: 'roles', id: 'actors' },
    ...ROLES.flatMap(({ role, label }) => {
      const those = actors.filter((a) => a.role === role);
      if (those.length === 0) return [];
      return [
        h('dt', { class: `role role-${role}` }, label),
        h(
          'dd',
          { 'data-role': role },
          h(
            'ul',
            { class: 'actor-list' },
            ...those.map((a) =>
              h(
                'li',
                { class: 'actor', dir: 'auto', 'data-role': role },
                h('span', { class: 'actor-name' }, a.name),
                a.category && a.category !== 'other' ? h('span', { class: 'muted' }, ` · ${a.category}`) : null,
                n > 1 ? h('span', { class: 'muted' }, ` · ${a.reports} of ${n} reports`) : null,
              ),
            ),
          ),
        ),
      ];
    }),
  );
}

/** Killed, civilians among them, injured: low / best / high in a table; strikes under it. */
function tollView(inc: IncidentDetail): HTMLElement {
  const rows: [string, string, Range | null | undefined][] = [
    ['Killed', 'toll-killed', inc.fatalities],
    ['Civilians killed', 'toll-civilians', inc.civilianFatalities],
    ['Injured', 'toll-injured', inc.injured],
  ];
  const cell = (v: number | undefined) => h('td', { class: 'num' }, v === undefined ? '—' : String(v));
  const strikes = inc.strikes;
  const strikeText = !strikes ? 'not reported' : strikes.low === strikes.high || strikes.high === null ? String(strikes.low) : strikes.low === null ? `up to ${strikes.high}` : `${strikes.low}–${strikes.high}`;
  return h(
    'div',
    { class: 'toll' },
    h(
      'table',
      { class: 'toll-table', id: 'toll' },
      h('caption', { class: 'sr-only' }, 'Casualties: lowest, best and highest reported figure'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), h('th', { scope: 'col' }, 'low'), h('th', { scope: 'col' }, 'best'), h('th', { scope: 'col' }, 'high'))),
      h(
        'tbody',
        {},
        ...rows.map(([label, id, r]) =>
          h('tr', { id }, h('th', { scope: 'row' }, label), ...(r ? [cell(r.low), cell(r.best), cell(r.high)] : [h('td', { colspan: 3, class: 'muted' }, 'not reported')])),
        ),
      ),
    ),
    h('p', { class: 'strikes', id: 'incident-strikes' }, h('strong', {}, 'Strikes: '), strikeText),
  );
}

/** How the reports word who did it, and who they say reports it. */
function attributionView(inc: IncidentDetail): HTMLElement {
  const a = inc.attribution;
  if (!a) return h('p', { class: 'muted' }, 'Not available from this server.');
  const words: Record<string, string> = { stated: 'stated as fact', alleged: 'alleged', claimed: 'claimed', denied: 'denied' };
  const statuses = a.statuses.map((s) => `${words[s.status] ?? s.status}${inc.reports.length > 1 ? ` (${s.reports} report${s.reports === 1 ? '' : 's'})` : ''}`).join(', ');
  const official = a.officialConfirmation === true ? 'an official source confirms' : a.officialConfirmation === false ? 'official sources are said to be silent' : 'no report mentions official confirmation';
  return h(
    'dl',
    { class: 'facts attribution', id: 'attribution' },
    h('dt', {}, 'Attribution'),
    h('dd', { id: 'attribution-status' }, statuses || 'not stated'),
    h('dt', {}, 'Reported by'),
    h('dd', { id: 'attribution-reporters', dir: 'auto' }, a.reporters.length ? a.reporters.map((r) => `${r.name} (${r.kind})`).join(', ') : 'the reports name no one'),
    h('dt', {}, 'Officials'),
    h('dd', {}, official),
  );
}

/** The outlets the reports come from, with their kind (wire, NGO, independent media …). */
function sourcesView(inc: IncidentDetail): HTMLElement {
  const seen = new Map<string, { name: string; kind: string; n: number }>();
  for (const r of inc.reports) {
    const name = r.source?.name ?? 'unknown source';
    const cur = seen.get(name);
    if (cur) cur.n++;
    else seen.set(name, { name, kind: r.source?.kind ?? 'unknown', n: 1 });
  }
  return h(
    'ul',
    { class: 'sources', id: 'sources' },
    ...[...seen.values()].map((s) => h('li', { dir: 'auto' }, h('span', {}, s.name), ' ', h('span', { class: `kind kind-${s.kind}` }, s.kind), s.n > 1 ? h('span', { class: 'muted' }, ` · ${s.n} reports`) : null)),
  );
}

function weaponsView(inc: IncidentDetail): HTMLElement {
  const ws = inc.weaponDetails ?? inc.weapons.map((name) => ({ name, category: '', concern: false, reports: 1 }));
  if (ws.length === 0) return h('span', {}, '—');
  return h(
    'ul',
    { class: 'weapon-list', id: 'weapons' },
    ...ws.map((w) => {
      const marker = w.concern ? CONCERN_MARKERS.find((m) => m.category === w.category) : undefined;
      return h(
        'li',
        { dir: 'auto', class: w.concern ? 'concern' : '' },
        marker ? markerSwatch(marker.shape) : null,
        w.name,
        w.concern ? h('span', { class: 'badge badge-concern' }, 'weapon of concern') : null,
      );
    }),
  );
}

/** Which colour marks which field in the excerpts. */
function evidenceLegend(): HTMLElement {
  return h(
    'ul',
    { class: 'evidence-legend', id: 'evidence-legend', 'aria-label': 'Evidence colours' },
    ...EVIDENCE_FIELDS.map((g) => h('li', {}, h('span', { class: `ev ev-${g.key}` }, g.label))),
  );
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
      h('span', { dir: 'auto', class: 'report-source' }, src),
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
      h('dt', {}, 'When'), h('dd', { id: 'incident-when' }, dates),
      h('dt', {}, 'Type'), h('dd', { id: 'incident-type' }, `${inc.eventType ?? '?'} / ${inc.subEventType ?? '?'}`),
      h('dt', {}, 'Where'),
      h('dd', { dir: 'auto', id: 'incident-where' }, [inc.place, inc.admin1, inc.country].filter(Boolean).join(', ') || 'not reported', inc.precision ? ` (precision: ${inc.precision})` : ''),
      h('dt', {}, 'Coordinates'), h('dd', { id: 'incident-coords' }, inc.lat !== null && inc.lon !== null ? `${inc.lat.toFixed(4)}, ${inc.lon.toFixed(4)}` : 'none'),
      h('dt', {}, 'Killed'), h('dd', { id: 'incident-fatalities' }, fmtRange(inc.fatalities)),
      h('dt', {}, 'Grade'), h('dd', {}, h('span', { class: `grade grade-${inc.grade ?? 'none'}`, id: 'incident-grade' }, inc.grade ?? 'ungraded')),
      h('dt', {}, 'Status'), h('dd', { id: 'incident-status' }, inc.status),
      h('dt', {}, 'Reports'), h('dd', {}, `${inc.reportCount} from ${inc.sourceCount} source${inc.sourceCount === 1 ? '' : 's'}`),
    ),
    h('h3', {}, 'Who did what to whom'),
    actorsView(inc),
    h('h3', {}, 'Weapons'),
    weaponsView(inc),
    h('h3', {}, 'How many'),
    tollView(inc),
    h('h3', {}, 'Says who'),
    attributionView(inc),
    h('h4', {}, 'Sources'),
    sourcesView(inc),
    h('h3', {}, 'Why this grade'),
    inc.reasons.length ? h('ul', { class: 'reasons' }, ...inc.reasons.map((r) => h('li', { dir: 'auto' }, r))) : h('p', { class: 'muted' }, 'No reasons recorded.'),
    reviewer
      ? reviewSection(inc, hs, reportsEl)
      : h('p', { class: 'muted', id: 'viewer-note' }, 'You have the viewer role: you can read incidents and their audit trail. Ask an admin for the analyst role to review.'),
    h('h3', {}, `Reports (${inc.reports.length})`),
    inc.reports.length ? evidenceLegend() : '',
    inc.reports.length ? reportsEl : h('p', { class: 'muted empty' }, 'No reports left in this incident.'),
    audit,
  );
  void loadAudit(audit, inc, hs);
}

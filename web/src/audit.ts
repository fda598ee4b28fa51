/**
 * The audit-trail panel of the incident view: who did what, when, and why, read from
 * GET /api/incidents/:id/audit. Values (place names, actors ...) are shown as text only.
 */
import type { ReviewEntry } from './api.js';
import { h } from './dom.js';

/** "2024-03-12T09:41:07.123Z" -> "2024-03-12 09:41 UTC". */
export function fmtWhen(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** Date over time, each unbroken ("2024-03-12" / "09:41 UTC"), in a <time> element. */
function whenCell(iso: string): HTMLElement {
  const [day, ...rest] = fmtWhen(iso).split(' ');
  return h('time', { datetime: iso }, h('span', { class: 'nowrap' }, day), h('br'), h('span', { class: 'nowrap' }, rest.join(' ')));
}

const isRange = (v: unknown): v is { low: number; best: number; high: number } =>
  typeof v === 'object' && v !== null && 'low' in v && 'best' in v && 'high' in v;

/** A before/after value as a short text: ranges as "7 (7–9)", lists joined, null as a dash. */
export function fmtValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (isRange(v)) return v.low === v.high ? String(v.best) : `${v.best} (${v.low}–${v.high})`;
  if (Array.isArray(v)) return v.length ? v.map(fmtValue).join(', ') : '—';
  if (typeof v === 'object') return JSON.stringify(v).slice(0, 200);
  return String(v).slice(0, 200);
}

const FIELD_LABELS: Record<string, string> = {
  eventType: 'event type',
  subEventType: 'sub-event type',
  dateStart: 'start date',
  dateEnd: 'end date',
  locationName: 'place',
  precision: 'location precision',
  civilianFatalities: 'civilian fatalities',
};
const label = (f: string | null) => (f ? (FIELD_LABELS[f] ?? f) : '');

/** What an entry did, in words, from the point of view of incident `viewing`. */
export function describeEntry(e: ReviewEntry, viewing: number): string {
  const on = e.targetKind === 'event' ? `report (event ${e.targetId})` : e.targetId === viewing ? 'this incident' : `incident #${e.targetId}`;
  switch (e.action) {
    case 'accept':
    case 'reject':
      return `${e.action === 'accept' ? 'Accepted' : 'Rejected'} ${on} (${fmtValue(e.before)} → ${fmtValue(e.after)})`;
    case 'edit':
      return `Corrected ${label(e.field)} of ${on}: ${fmtValue(e.before)} → ${fmtValue(e.after)}`;
    case 'merge': {
      if (e.field === 'mergedInto') {
        const into = (e.after as { mergedInto?: number } | null)?.mergedInto;
        return `Merged ${on} into ${into === viewing ? 'this incident' : `incident #${into ?? '?'}`}`;
      }
      const before = Array.isArray(e.before) ? e.before.length : 0;
      const after = Array.isArray(e.after) ? e.after.length : 0;
      return `Reports in ${on} after the merge: ${before} → ${after}`;
    }
    case 'split': {
      const from = e.before === viewing ? 'this incident' : `incident #${fmtValue(e.before)}`;
      const to = e.after === viewing ? 'this incident' : `new incident #${fmtValue(e.after)}`;
      return `Split ${on} out of ${from} into ${to}`;
    }
    default:
      return `${e.action} ${on}`;
  }
}

/** The table, or the empty state. */
export function auditTable(entries: ReviewEntry[], viewing: number): HTMLElement {
  if (entries.length === 0) return h('p', { class: 'muted empty', id: 'audit-empty' }, 'No review actions yet. Accepting, rejecting, correcting, merging or splitting is recorded here.');
  return h(
    'table',
    { class: 'audit', id: 'audit-table' },
    h('caption', { class: 'sr-only' }, 'Review actions on this incident, newest first'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'Who'), h('th', { scope: 'col' }, 'What'), h('th', { scope: 'col' }, 'Reason'))),
    h(
      'tbody',
      {},
      ...entries.map((e) =>
        h(
          'tr',
          { 'data-action': e.action, 'data-id': e.id },
          h('td', {}, whenCell(e.at)),
          h('td', { class: 'audit-user' }, e.user),
          h('td', { dir: 'auto', class: 'audit-what' }, describeEntry(e, viewing)),
          h('td', { dir: 'auto', class: 'audit-note' }, e.note || '—'),
        ),
      ),
    ),
  );
}

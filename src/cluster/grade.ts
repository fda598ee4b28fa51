/**
 * Incident summary across its reports: fatalities (UCDP low / best / high) and a corroboration
 * grade on Airwars' scale, recomputed whenever a report joins or leaves.
 *
 * Airwars-style criteria, as applied here (first rule that fires wins):
 * - discounted: every report denies the event (or it is only known from denials);
 * - contested: reports name different perpetrators, or some deny what others state;
 * - confirmed: an official source (or the belligerent) states or confirms it;
 * - fair: two or more independent sources report it, at least one of them stating it as fact
 *   (or not merely relaying a claim), with no contradiction;
 * - weak: a single source, or several that only repeat an allegation / claim.
 */
import type { ClusterEvent, IncidentGrade, LowBestHigh, SourceKind } from './types.js';
import { nearDuplicates } from './near-duplicate.js';

/** Source groups joined when a report of one is a near-duplicate of a report of another (union-find over groups). */
function mergeNearDuplicates(lists: ClusterEvent[][]): { lists: ClusterEvent[][]; merged: number } {
  const parent = lists.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  let merged = 0;
  for (let i = 0; i < lists.length; i++)
    for (let j = i + 1; j < lists.length; j++) {
      if (root(i) === root(j)) continue;
      if (lists[i]!.some((a) => a.fingerprint && lists[j]!.some((b) => nearDuplicates(a.fingerprint, b.fingerprint)))) {
        parent[root(j)] = root(i);
        merged++;
      }
    }
  const out = new Map<number, ClusterEvent[]>();
  lists.forEach((l, i) => {
    const r = root(i);
    const cur = out.get(r);
    if (cur) cur.push(...l);
    else out.set(r, [...l]);
  });
  return { lists: [...out.values()], merged };
}

/** Kinds whose reports count as independent corroboration of each other. */
const CORROBORATING: ReadonlySet<SourceKind> = new Set(['official', 'independent-media', 'observer', 'ngo', 'social-media', 'unknown']);

export function summarizeIncident(members: readonly ClusterEvent[]): IncidentGrade {
  const reasons: string[] = [];
  if (!members.length) return { fatalities: null, grade: 'weak', reasons: ['no reports'], independentSources: 0 };

  // Independence: distinct source names (case-insensitive); several reports from one outlet count once.
  const bySource = new Map<string, ClusterEvent[]>();
  for (const m of members) {
    const k = (m.sourceName || m.docId).trim().toLowerCase();
    const list = bySource.get(k);
    if (list) list.push(m);
    else bySource.set(k, [m]);
  }
  // Near-duplicates (a repost, the same post captured twice, the same statement quoted) count once across sources.
  const groups = mergeNearDuplicates([...bySource.values()]);
  if (groups.merged) reasons.push(`${groups.merged} source(s) only repeat another's report (near-duplicate text), counted once`);
  const independent = groups.lists.filter((l) => l.some((m) => CORROBORATING.has(m.sourceKind))).length;

  const denied = members.filter((m) => m.attribution === 'denied');
  const asserting = members.filter((m) => m.attribution !== 'denied');
  const stated = members.filter((m) => m.attribution === 'stated');
  const official = members.some((m) => m.officialConfirmation === true || (m.sourceKind === 'official' && m.attribution === 'stated'));

  // Perpetrators: first actor of each report that names one. Different first actors in reports
  // that do not list each other at all = competing claims of responsibility.
  const perps = new Set<string>();
  for (const m of asserting) if (m.actors[0]) perps.add(m.actors[0]);
  let competing = false;
  if (perps.size > 1) {
    const list = [...perps];
    competing = asserting.some((a) => a.actors[0] && asserting.some((b) => b.actors[0] && b.actors[0] !== a.actors[0] && !b.actors.includes(a.actors[0]) && !a.actors.includes(b.actors[0])));
    if (competing) reasons.push(`reports name different perpetrators: ${list.join(' / ')}`);
  }

  let grade: IncidentGrade['grade'];
  if (!asserting.length) {
    grade = 'discounted';
    reasons.push(`all ${denied.length} report(s) deny the event`);
  } else if (competing || denied.length) {
    grade = 'contested';
    if (denied.length) reasons.push(`${denied.length} report(s) deny it while ${asserting.length} report it`);
  } else if (official) {
    grade = 'confirmed';
    reasons.push('an official source states or confirms it');
  } else if (independent >= 2 && stated.length) {
    grade = 'fair';
    reasons.push(`${independent} independent sources, ${stated.length} report(s) state it as fact`);
  } else {
    grade = 'weak';
    if (independent < 2) reasons.push(`single source (${[...bySource.keys()][0]})`);
    else reasons.push(`${independent} sources, but each only relays an allegation or claim`);
  }
  reasons.push(`${members.length} report(s) from ${bySource.size} source(s)`);

  return { fatalities: combineFatalities(members, reasons), grade, reasons, independentSources: independent };
}

/**
 * UCDP convention across reports: low = the lowest figure any report gives, high = the highest,
 * best = the median of the reports' best figures (lower median: conservative, as ACLED codes).
 * Reports that give no figure do not pull the low to 0; denials are ignored.
 */
function combineFatalities(members: readonly ClusterEvent[], reasons: string[]): LowBestHigh | null {
  const figs = members.filter((m) => m.fatalities && m.attribution !== 'denied').map((m) => m.fatalities!);
  if (!figs.length) return null;
  const bests = figs.map((f) => f.best).sort((a, b) => a - b);
  const best = bests[Math.floor((bests.length - 1) / 2)];
  const low = Math.min(...figs.map((f) => f.low), best);
  const high = Math.max(...figs.map((f) => f.high), best);
  if (figs.length > 1) reasons.push(`fatalities from ${figs.length} reports: low ${low}, best ${best} (median), high ${high}`);
  return { low, best, high };
}

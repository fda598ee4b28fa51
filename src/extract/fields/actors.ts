/**
 * Actors of one event with roles, from the actor mentions (41-actors) in the event's sentences.
 *   perpetrator: "The Russian Air Force has initiated ... strikes", "desecrated by the rebels", "X was accused of"
 *   target:      "against the units of Ahrar al-Sham", "positions of X", "targeting X"
 *   victim:      civilians, or "three Russian pilots ... have died"
 *   participant: named without a role cue ("clashes between X and Y")
 * Rules: lang/<xx>/roles.json. Perpetrators come first in the list (FORMAT.md: perpetrator first).
 */
import type { Doc, MentionOf } from '../../model/document.js';
import type { ActorRole, EventActor, Evidence } from '../../model/event.js';
import { packFor } from '../lang/index.js';
import { actorMentions } from '../stages/41-actors.js';
import type { EventScope, FieldResult } from './types.js';
import { evidence, mentionsOfKind, mentionsOrRecognized, scopeSentenceIndexes, scopeSentences } from './scope.js';
import { rulesForText } from './caseless.js';

interface RoleData {
  perpetratorAfter: string;
  perpetratorBefore: string;
  targetBefore: string;
  victimAfter: string;
  accusedAfter: string;
  targetAfter: string;
  anaphora: string;
  platformTargetBefore?: string;
  reporterAfter?: string;
  reporterBefore?: string;
  ownAccountAfter?: string;
}
interface RoleRules {
  perpetratorAfter: RegExp;
  perpetratorBefore: RegExp;
  targetBefore: RegExp;
  victimAfter: RegExp;
  accusedAfter: RegExp;
  targetAfter: RegExp;
  anaphora: RegExp;
  platformTargetBefore: RegExp;
  reporterAfter: RegExp;
  reporterBefore: RegExp;
  ownAccountAfter: RegExp;
}
const cache = new Map<string, RoleRules>();
function roleRules(lang: string | null): RoleRules {
  const p = packFor(lang, 'roles');
  const hit = cache.get(p.lang);
  if (hit) return hit;
  const d = p.data as RoleData;
  const r = {
    perpetratorAfter: new RegExp(d.perpetratorAfter, 'iu'),
    perpetratorBefore: new RegExp(d.perpetratorBefore, 'iu'),
    targetBefore: new RegExp(d.targetBefore, 'iu'),
    victimAfter: new RegExp(d.victimAfter, 'iu'),
    accusedAfter: new RegExp(d.accusedAfter, 'iu'),
    targetAfter: new RegExp(d.targetAfter, 'iu'),
    anaphora: new RegExp(d.anaphora, 'iu'),
    platformTargetBefore: d.platformTargetBefore ? new RegExp(d.platformTargetBefore, 'iu') : /(?!)/,
    reporterAfter: d.reporterAfter ? new RegExp(d.reporterAfter, 'iu') : /(?!)/,
    reporterBefore: d.reporterBefore ? new RegExp(d.reporterBefore, 'iu') : /(?!)/,
    ownAccountAfter: d.ownAccountAfter ? new RegExp(d.ownAccountAfter, 'iu') : /(?!)/,
  };
  cache.set(p.lang, r);
  return r;
}

/** The role rules for a document: the fast twins of the "iu" expressions when they match the same on its text (caseless.ts). */
function rolesFor(doc: Doc): RoleRules {
  return rulesForText(roleRules(doc.language), doc.text);
}

/** A mention naming a platform or weapon by its owner ('Russian warplanes', 'coalition aircraft', 'طائرة مسيرة تركية'). */
const isPlatformRule = (rule: string) => rule === 'actor:state-platform' || rule.startsWith('actor:platform:');

const ROLE_RANK: Record<ActorRole, number> = { perpetrator: 0, target: 1, victim: 2, participant: 3 };

export function actorRole(doc: Doc, m: MentionOf<'actor'>, r: RoleRules): { role: ActorRole; rule: string } {
  if (m.value.category === 'civilians') return { role: 'victim', rule: 'actor-role:civilians' };
  // "the Russian strikes", "Turkish shelling": the attack noun names its author
  if (m.rule === 'actor:state-attack') return { role: 'perpetrator', rule: 'actor-role:attack-noun' };
  const s = doc.sentences[m.sentence];
  const sStart = s ? s.start : 0;
  const sEnd = s ? s.end : doc.text.length;
  const after = doc.text.slice(m.end, Math.min(sEnd, m.end + 80));
  if (r.accusedAfter.test(after)) return { role: 'perpetrator', rule: 'actor-role:accused' };
  if (r.victimAfter.test(after)) return { role: 'victim', rule: 'actor-role:victim-after' };
  if (r.targetAfter.test(after)) return { role: 'target', rule: 'actor-role:passive-target' };
  const before = doc.text.slice(Math.max(sStart, m.start - 60), m.start);
  // A source is not a party: "The Ukrainian Air Force said the bomb was dropped by ...", "according to the army".
  // Unless it speaks of its own acts: "the ministry said its forces had struck" (its own account of its strike).
  if (r.ownAccountAfter.test(after)) return { role: 'perpetrator', rule: 'actor-role:own-account' };
  if (r.reporterAfter.test(after) || r.reporterBefore.test(before)) return { role: 'participant', rule: 'actor-role:reporter' };
  // "Russian warplanes", "طائرة مسيرة تركية": the platform's owner carried out its strike, unless the platform is
  // what was hit ("shot down a Turkish drone", "إسقاط طائرة مسيرة تركية").
  if (isPlatformRule(m.rule)) {
    return r.platformTargetBefore.test(before) ? { role: 'target', rule: 'actor-role:platform-hit' } : { role: 'perpetrator', rule: 'actor-role:platform-owner' };
  }
  if (r.perpetratorBefore.test(before)) return { role: 'perpetrator', rule: 'actor-role:by' };
  if (r.targetBefore.test(before)) return { role: 'target', rule: 'actor-role:target-before' };
  if (r.perpetratorAfter.test(after)) return { role: 'perpetrator', rule: 'actor-role:subject' };
  return { role: 'participant', rule: 'actor-role:none' };
}

/** Trigger mentions by sentence, built once per document (the mentions array is fixed by the time events are built);
 * one document at a time, as the pipeline handles them. Each sentence's triggers are kept sorted by start (a stable
 * sort, so triggers at the same start keep the document's order) with their position in that order (`rank`), so
 * that the searches below are binary searches, not scans of every trigger of a sentence for every actor: a
 * 1 MB text with no full stop is one sentence with thousands of triggers and actors. */
interface SentenceTriggers {
  sorted: MentionOf<'trigger'>[];
  rank: Map<MentionOf<'trigger'>, number>;
}
const NO_TRIGGERS: SentenceTriggers = { sorted: [], rank: new Map() };
let triggerIndex: { mentions: Doc['mentions']; bySentence: Map<number, SentenceTriggers> } | null = null;
function triggersOfSentence(doc: Doc, sentence: number): SentenceTriggers {
  if (triggerIndex?.mentions !== doc.mentions) {
    const lists = new Map<number, MentionOf<'trigger'>[]>();
    for (const t of mentionsOfKind(doc, 'trigger')) {
      const list = lists.get(t.sentence);
      if (list) list.push(t);
      else lists.set(t.sentence, [t]);
    }
    const bySentence = new Map<number, SentenceTriggers>();
    for (const [i, list] of lists) {
      const rank = new Map(list.map((t, k) => [t, k] as const));
      bySentence.set(i, { sorted: [...list].sort((a, b) => a.start - b.start), rank });
    }
    triggerIndex = { mentions: doc.mentions, bySentence };
  }
  return triggerIndex.bySentence.get(sentence) ?? NO_TRIGGERS;
}

/** The first index of `sorted` whose start is >= `at`. */
function firstStartingAt(sorted: readonly MentionOf<'trigger'>[], at: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A trigger that names another event than the anchor's: another family of event, and not an outcome or a comment
 * that attaches to any event ("killing 5", "claimed responsibility for the attack": kind killing, family strategic).
 */
function namesAnotherEvent(t: MentionOf<'trigger'>, anchor: MentionOf<'trigger'>): boolean {
  return t.value.family !== anchor.value.family && t.value.kind !== 'killing' && t.value.family !== 'strategic';
}

/**
 * Does a trigger of another kind of event stand between the actor and the event's own trigger, in one sentence?
 *   "The Russian Air Force initiated strikes in the area where the helicopter was shot down"
 * The subject acts in the first event named after it (the strikes), not in the shoot-down; "the shoot-down ...
 * nonetheless they direct their attacks against the units of X" makes X a target of the attacks, not of the shoot-down.
 */
function roleBelongsToAnotherEvent(doc: Doc, m: MentionOf<'actor'>, eventAnchor: MentionOf<'trigger'> | null): boolean {
  if (!eventAnchor) return false;
  const { sorted, rank } = triggersOfSentence(doc, m.sentence);
  const kind = eventAnchor.value.kind;
  // The event's own words in the actor's sentence: the nearest trigger of the anchor's kind (at equal distance, the
  // first in the document's order), looked for on each side of the actor.
  const p = firstStartingAt(sorted, m.start);
  let anchor: MentionOf<'trigger'> | null = null;
  const consider = (t: MentionOf<'trigger'>) => {
    if (!anchor) return void (anchor = t);
    const dt = Math.abs(t.start - m.start);
    const da = Math.abs(anchor.start - m.start);
    if (dt < da || (dt === da && rank.get(t)! < rank.get(anchor)!)) anchor = t;
  };
  for (let j = p; j < sorted.length; j++) {
    const t = sorted[j]!;
    if (anchor && t.start - m.start > Math.abs((anchor as MentionOf<'trigger'>).start - m.start)) break;
    if (t.value.kind === kind) consider(t);
  }
  for (let j = p - 1; j >= 0; j--) {
    const t = sorted[j]!;
    if (anchor && m.start - t.start > Math.abs((anchor as MentionOf<'trigger'>).start - m.start)) break;
    if (t.value.kind === kind) consider(t);
  }
  if (!anchor) return false;
  const own: MentionOf<'trigger'> = anchor;
  const [from, to] = m.end <= own.start ? [m.end, own.start] : own.end <= m.start ? [own.end, m.start] : [0, -1];
  if (to < from) return false;
  for (let j = firstStartingAt(sorted, from); j < sorted.length && sorted[j]!.start <= to; j++) {
    const t = sorted[j]!;
    if (t.end <= to && namesAnotherEvent(t, own)) return true;
  }
  return false;
}

/**
 * The subject acts in the first event named after it: "..., nonetheless the Russians are directing their attacks
 * against ..." makes them the perpetrators of the attacks, not of the shoot-down named earlier in the sentence.
 */
function subjectOfAnotherEvent(doc: Doc, m: MentionOf<'actor'>, anchor: MentionOf<'trigger'> | null): boolean {
  if (!anchor) return false;
  // The first trigger starting at or after the actor's end that is not a killing (sorted by start; at the same
  // start, the document's order).
  const { sorted } = triggersOfSentence(doc, m.sentence);
  let next: MentionOf<'trigger'> | null = null;
  for (let j = firstStartingAt(sorted, m.end); j < sorted.length; j++) {
    if (sorted[j]!.value.kind === 'killing') continue;
    next = sorted[j]!;
    break;
  }
  return !!next && namesAnotherEvent(next, anchor);
}

/** The scope's sentences joined by spaces (what the anaphora pattern reads). */
function scopeText(doc: Doc, scope: EventScope): string {
  return scopeSentences(doc, scope).map((x) => doc.text.slice(x.start, x.end)).join(' ');
}

function hasPerpetrator(byName: Map<string, { actor: EventActor }>): boolean {
  for (const x of byName.values()) if (x.actor.role === 'perpetrator') return true;
  return false;
}

/**
 * The one perpetrator the document states for events of the anchor's kind: actor mentions with a perpetrator role
 * in current sentences holding a trigger of that kind. Null when there is none, or more than one actor.
 */
function documentPerpetrator(doc: Doc, all: MentionOf<'actor'>[], anchor: MentionOf<'trigger'>, r: RoleRules, sentences: Set<number>): MentionOf<'actor'> | null {
  // Background ("In 2015 a jet was shot down") inherits nothing, and gives nothing.
  const past = new Set(mentionsOfKind(doc, 'historical-cue').map((h) => h.sentence));
  for (const i of sentences) if (past.has(i)) return null;
  let found: MentionOf<'actor'> | null = null;
  for (const m of all) {
    // the event's own sentences were read above: an actor there that is not its perpetrator acts in another event
    if (m.value.category === 'civilians' || past.has(m.sentence) || sentences.has(m.sentence)) continue;
    if (!triggersOfSentence(doc, m.sentence).sorted.some((t) => t.value.kind === anchor.value.kind)) continue;
    const { role, rule } = actorRole(doc, m, r);
    if (role !== 'perpetrator' || rule === 'actor-role:accused') continue;
    if (found && found.value.name !== m.value.name) return null;
    found ??= m;
  }
  return found;
}

export function resolveEventActors(doc: Doc, scope: EventScope): FieldResult<EventActor[]> {
  const r = rolesFor(doc);
  const sentences = scopeSentenceIndexes(doc, scope);
  const all = mentionsOrRecognized(doc, scope, ['actor'], actorMentions);
  const byName = new Map<string, { actor: EventActor; ev: Evidence[]; first: number; platform?: boolean }>();
  const rules = new Set<string>();
  for (const m of all) {
    if (!sentences.has(m.sentence)) continue;
    if (m.start < scope.span.start || m.end > scope.span.end) continue;
    let { role, rule } = actorRole(doc, m, r);
    if (
      ((role === 'perpetrator' || role === 'target') && rule !== 'actor-role:accused' && roleBelongsToAnotherEvent(doc, m, scope.trigger)) ||
      (rule === 'actor-role:subject' && subjectOfAnotherEvent(doc, m, scope.trigger))
    ) {
      role = 'participant';
      rule = 'actor-role:of-another-event';
    }
    rules.add(rule);
    const cur = byName.get(m.value.name);
    const ev = evidence(doc, m.start, m.end, `${m.rule}|${rule}`);
    const platform = rule === 'actor-role:platform-owner';
    if (!cur) {
      byName.set(m.value.name, { actor: { name: m.value.name, actorId: m.value.actorId, category: m.value.category, role, mention: m.text }, ev: [ev], first: m.start, platform });
    } else {
      cur.ev.push(ev);
      if (platform) cur.platform = true;
      // a definite role beats "participant"; perpetrator beats the others
      if (ROLE_RANK[role] < ROLE_RANK[cur.actor.role]) cur.actor.role = role;
    }
  }
  // Reporters and sources only ("X said", "according to X") are no party of the event: they stay in the evidence of
  // the attribution, not among the actors (a perpetrator list led by the one who reported the strike is wrong).
  for (const [name, x] of [...byName]) {
    if (x.ev.every((e) => e.rule.endsWith('|actor-role:reporter'))) {
      byName.delete(name);
      rules.add('actor-role:reporter-not-party');
    }
  }
  // "the Russians" counts only when the sentence makes them act
  for (const [name, x] of [...byName]) {
    if (x.ev.every((e) => e.rule.startsWith('actor:state-plural|')) && x.actor.role !== 'perpetrator') byName.delete(name);
  }
  // No perpetrator in the event's own sentences ("Abu Adduhor airbase is also a target for the strikes"): the
  // attacker is the nearest stated perpetrator in the three sentences before (an accusation is not inherited).
  if (!hasPerpetrator(byName) && r.anaphora.test(scopeText(doc, scope))) {
    const first = Math.min(...sentences);
    // The role is inherited only from a sentence about the same kind of event: "Similar activities took place after
    // the body of the pilot was desecrated" ties the strikes' author to the desecration, but not as its perpetrator.
    const family = scope.trigger?.value.family;
    const prior = all.filter((m) => m.sentence < first && m.sentence >= first - 3 && m.value.category === 'state').reverse();
    for (const m of prior) {
      const { role, rule } = actorRole(doc, m, r);
      if (role !== 'perpetrator' || rule === 'actor-role:accused') continue;
      const same = !family || triggersOfSentence(doc, m.sentence).sorted.some((t) => t.value.family === family);
      const inherited: ActorRole = same ? 'perpetrator' : 'participant';
      const why = same ? 'actor-role:inherited' : 'actor-role:inherited-from-another-kind-of-event';
      const cur = byName.get(m.value.name);
      const ev = evidence(doc, m.start, m.end, `${m.rule}|${why}`);
      if (cur) {
        if (ROLE_RANK[inherited] < ROLE_RANK[cur.actor.role]) cur.actor.role = inherited;
        cur.ev.push(ev);
      } else {
        byName.set(m.value.name, { actor: { name: m.value.name, actorId: m.value.actorId, category: m.value.category, role: inherited, mention: m.text }, ev: [ev], first: m.start });
      }
      rules.add(why);
      break;
    }
  }
  // Still none: a report that names one attacker for strikes of this kind elsewhere in its text ("قصف صاروخي على
  // أطراف دارة عزة" then "قصف صاروخي من قوات النظام على ترمانين") gives that attacker, recorded as inherited from the
  // document. Only when every such stated perpetrator in the document is the same actor.
  if (!hasPerpetrator(byName) && scope.trigger) {
    const m = documentPerpetrator(doc, all, scope.trigger, r, sentences);
    if (m) {
      const why = 'actor-role:inherited-from-document';
      const ev = evidence(doc, m.start, m.end, `${m.rule}|${why}`);
      const cur = byName.get(m.value.name);
      if (cur) {
        cur.actor.role = 'perpetrator';
        cur.ev.push(ev);
      } else {
        byName.set(m.value.name, { actor: { name: m.value.name, actorId: m.value.actorId, category: m.value.category, role: 'perpetrator', mention: m.text }, ev: [ev], first: m.start });
      }
      rules.add(why);
    }
  }
  // Strikes from afar: the owner of the aircraft, drone or guns named comes first among the perpetrators
  // ("قسد ... مدعومة بطيران التحالف": the coalition's aircraft struck; the SDF led the ground raid).
  const remote = scope.trigger?.value.family === 'remote';
  const platformFirst = (x: { platform?: boolean }) => (remote && x.platform ? 0 : 1);
  const list = [...byName.values()].sort(
    (a, b) => ROLE_RANK[a.actor.role] - ROLE_RANK[b.actor.role] || platformFirst(a) - platformFirst(b) || a.first - b.first,
  );
  // A loop rather than flatMap: V8's flatMap costs microseconds per call, and this runs for every event.
  const ev: Evidence[] = [];
  for (const x of list) for (const e of x.ev) ev.push(e);
  return { value: list.map((x) => x.actor), evidence: ev, rules: [...rules] };
}

/**
 * Weapons of one event: weapon mentions (42-weapons) in the event's sentences, one per lexicon entry.
 * A generic entry ("helicopter", "warplane") is dropped when a specific one of the same category is named
 * ("Mi-8 helicopter" -> Mi-8); a parent model is dropped when its variant is named ("Mi-8AMTSh" over "Mi-8").
 * A platform the text says was brought down ("strikes in the area where the Mi-8 helicopter was shot down") is the
 * victim of the shoot-down, not a weapon of the strikes: it stays only on shoot-down events.
 */
import type { Doc, MentionOf } from '../../model/document.js';
import type { EventWeapon, Evidence } from '../../model/event.js';
import { downedCues, weaponInfo } from '../../lexicons/weapons.js';
import { weaponMentions } from '../stages/42-weapons.js';
import type { EventScope, FieldResult } from './types.js';
import { evidence, mentionsOrRecognized, scopeSentenceIndexes } from './scope.js';

/** The text around a platform's mention says it was brought down ("the Mi-8 helicopter was shot down"). */
function wasDowned(doc: Doc, cues: ReturnType<typeof downedCues>, e: Evidence): boolean {
  return cues.after.test(doc.text.slice(e.end, e.end + 80)) || cues.before.test(doc.text.slice(Math.max(0, e.start - 60), e.start));
}

export function resolveEventWeapons(doc: Doc, scope: EventScope): FieldResult<EventWeapon[]> {
  const sentences = scopeSentenceIndexes(doc, scope);
  const all = mentionsOrRecognized(doc, scope, ['weapon'], weaponMentions);
  const byId = new Map<string, { w: EventWeapon; ev: Evidence[] }>();
  for (const m of all) {
    if (!sentences.has(m.sentence) || m.start < scope.span.start || m.end > scope.span.end) continue;
    const cur = byId.get(m.value.weaponId);
    const ev = evidence(doc, m.start, m.end, m.rule);
    if (cur) cur.ev.push(ev);
    else byId.set(m.value.weaponId, { w: { name: m.value.name, weaponId: m.value.weaponId, category: m.value.category, concern: m.value.concern }, ev: [ev] });
  }
  const rules: string[] = [];
  const ids = [...byId.keys()];
  for (const id of ids) {
    const info = weaponInfo(id);
    if (info.variantOf && byId.has(info.variantOf)) {
      byId.delete(info.variantOf);
      rules.push('weapons:variant-over-parent');
    }
  }
  for (const [id, x] of [...byId]) {
    if (!weaponInfo(id).generic) continue;
    if ([...byId].some(([o, y]) => o !== id && !weaponInfo(o).generic && y.w.category === x.w.category)) {
      byId.delete(id);
      rules.push('weapons:specific-over-generic');
    }
  }
  // After the generic/variant pruning: "the Mi-8 helicopter was shot down" must not leave a bare "helicopter".
  if (scope.trigger?.value.kind !== 'shoot-down') {
    const cues = downedCues();
    for (const [id, x] of [...byId]) {
      if (cues.categories.has(x.w.category) && x.ev.every((e) => wasDowned(doc, cues, e))) {
        byId.delete(id);
        rules.push('weapons:downed-platform-is-no-weapon');
      }
    }
  }
  const list = [...byId.values()];
  // Loops rather than flatMap: V8's flatMap costs microseconds per call, and this runs for every event.
  const ev: Evidence[] = [];
  const evRules = new Set<string>();
  for (const x of list) {
    for (const e of x.ev) {
      ev.push(e);
      evRules.add(e.rule);
    }
  }
  for (const r of rules) evRules.add(r);
  return { value: list.map((x) => x.w), evidence: ev, rules: [...evRules] };
}

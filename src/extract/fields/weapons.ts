/**
 * Weapons of one event: weapon mentions (42-weapons) in the event's sentences, one per lexicon entry.
 * A generic entry ("helicopter", "warplane") is dropped when a specific one of the same category is named
 * ("Mi-8 helicopter" -> Mi-8); a parent model is dropped when its variant is named ("Mi-8AMTSh" over "Mi-8").
 */
import type { Doc, MentionOf } from '../../model/document.js';
import type { EventWeapon, Evidence } from '../../model/event.js';
import { weaponInfo } from '../../lexicons/weapons.js';
import { weaponMentions } from '../stages/42-weapons.js';
import type { EventScope, FieldResult } from './types.js';
import { evidence, scopeSentences } from './scope.js';

export function resolveEventWeapons(doc: Doc, scope: EventScope): FieldResult<EventWeapon[]> {
  const sentences = new Set(scopeSentences(doc, scope).map((s) => s.index));
  const all = doc.mentions.some((m) => m.kind === 'weapon')
    ? doc.mentions.filter((m): m is MentionOf<'weapon'> => m.kind === 'weapon')
    : weaponMentions(doc);
  const byId = new Map<string, { w: EventWeapon; ev: Evidence[] }>();
  for (const m of all) {
    if (!sentences.has(m.sentence) || m.start < scope.span.start || m.end > scope.span.end) continue;
    const cur = byId.get(m.value.weaponId);
    const ev = evidence(doc, m.start, m.end, m.rule);
    if (cur) cur.ev.push(ev);
    else byId.set(m.value.weaponId, { w: { name: m.value.name, weaponId: m.value.weaponId, category: m.value.category, concern: m.value.concern }, ev: [ev] });
  }
  const ids = [...byId.keys()];
  const rules: string[] = [];
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
  const list = [...byId.values()];
  return { value: list.map((x) => x.w), evidence: list.flatMap((x) => x.ev), rules: [...new Set([...list.flatMap((x) => x.ev.map((e) => e.rule)), ...rules])] };
}

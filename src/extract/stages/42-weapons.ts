/**
 * 42-weapons: weapon and platform mentions from the curated lexicon (src/lexicons/weapons.json), with
 * category and the humanitarian-concern flag (cluster, incendiary, thermobaric / fuel-air, chemical, barrel bomb).
 */
import { spend } from '../budget.js';
import type { Stage } from '../stage.js';
import type { Doc, MentionOf } from '../../model/document.js';
import { findWeapons } from '../../lexicons/weapons.js';

/**
 * The last document's weapon mentions: the event resolvers (fields/weapons.ts) look for them again, once per event,
 * when this stage found none. Same text and same sentence list -> same mentions; callers get a copy of the list.
 */
let last: { text: string; sentences: Doc['sentences']; out: MentionOf<'weapon'>[] } | null = null;

export function weaponMentions(doc: Doc): MentionOf<'weapon'>[] {
  if (last && last.text === doc.text && last.sentences === doc.sentences) return last.out.slice();
  const out: MentionOf<'weapon'>[] = [];
  for (const s of doc.sentences) {
    spend(1 + ((s.end - s.start) >> 6)); // budget: about one unit per 64 characters
    const text = doc.text.slice(s.start, s.end);
    for (const h of findWeapons(text)) {
      out.push({ kind: 'weapon', start: s.start + h.start, end: s.start + h.end, text: h.text, rule: h.rule, sentence: s.index, value: h.value });
    }
  }
  last = { text: doc.text, sentences: doc.sentences, out: out.slice() };
  return out;
}

export const weaponsStage: Stage = {
  name: '42-weapons',
  reads: ['text', 'sentences'],
  adds: ['mentions:weapon'],
  run: (doc) => ({ ...doc, mentions: [...doc.mentions, ...weaponMentions(doc)] }),
};

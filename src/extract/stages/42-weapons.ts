/**
 * 42-weapons: weapon and platform mentions from the curated lexicon (src/lexicons/weapons.json), with
 * category and the humanitarian-concern flag (cluster, incendiary, thermobaric / fuel-air, chemical, barrel bomb).
 */
import type { Stage } from '../stage.js';
import type { Doc, MentionOf } from '../../model/document.js';
import { findWeapons } from '../../lexicons/weapons.js';

export function weaponMentions(doc: Doc): MentionOf<'weapon'>[] {
  const out: MentionOf<'weapon'>[] = [];
  for (const s of doc.sentences) {
    const text = doc.text.slice(s.start, s.end);
    for (const h of findWeapons(text)) {
      out.push({ kind: 'weapon', start: s.start + h.start, end: s.start + h.end, text: h.text, rule: h.rule, sentence: s.index, value: h.value });
    }
  }
  return out;
}

export const weaponsStage: Stage = {
  name: '42-weapons',
  reads: ['text', 'sentences'],
  adds: ['mentions:weapon'],
  run: (doc) => ({ ...doc, mentions: [...doc.mentions, ...weaponMentions(doc)] }),
};

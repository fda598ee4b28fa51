/**
 * 41-actors: actor mentions from the registry (src/lexicons/actors.json): named groups and aliases,
 * state forces through the demonym table ("Russian warplanes" -> Military Forces of Russia), generic groups.
 * Roles (perpetrator / target / victim) are decided per event by resolveActors.
 */
import { spend } from '../budget.js';
import type { Stage } from '../stage.js';
import type { Doc, MentionOf } from '../../model/document.js';
import { findActors } from '../../lexicons/actors.js';

/**
 * The last document's actor mentions: the event resolvers (fields/actors.ts) look for them again, once per event,
 * when this stage found none. Same text and same sentence list -> same mentions; callers get a copy of the list.
 */
let last: { text: string; sentences: Doc['sentences']; out: MentionOf<'actor'>[] } | null = null;

export function actorMentions(doc: Doc): MentionOf<'actor'>[] {
  if (last && last.text === doc.text && last.sentences === doc.sentences) return last.out.slice();
  const out: MentionOf<'actor'>[] = [];
  for (const s of doc.sentences) {
    spend(1 + ((s.end - s.start) >> 6)); // budget: about one unit per 64 characters
    const text = doc.text.slice(s.start, s.end);
    for (const h of findActors(text)) {
      out.push({ kind: 'actor', start: s.start + h.start, end: s.start + h.end, text: h.text, rule: h.rule, sentence: s.index, value: h.value });
    }
  }
  last = { text: doc.text, sentences: doc.sentences, out: out.slice() };
  return out;
}

export const actorsStage: Stage = {
  name: '41-actors',
  reads: ['text', 'sentences'],
  adds: ['mentions:actor'],
  run: (doc) => ({ ...doc, mentions: [...doc.mentions, ...actorMentions(doc)] }),
};

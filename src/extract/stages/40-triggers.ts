/**
 * 40-triggers: finds event trigger words ("air strikes", "was shot down", "protesters", "abducted") and historical
 * cues ("last year", "recalled that") from the language pack's lexicons (lang/<xx>/triggers.json, historical.json),
 * compiled into one token trie (src/extract/classify/lexicon.ts).
 */
import type { Mention } from '../../model/document.js';
import type { Stage } from '../stage.js';
import { spend } from '../budget.js';
import { scanText } from '../classify/lexicon.js';
import { sentenceAt, sentencesOf } from '../assemble/sentences.js';

export const triggersStage: Stage = {
  name: '40-triggers',
  reads: ['text', 'language', 'sentences'],
  adds: ['mentions:trigger', 'mentions:historical-cue'],
  run(doc) {
    const scan = scanText(doc.text, doc.language);
    const sentences = sentencesOf(doc);
    const added: Mention[] = [];
    spend(scan.triggers.length + scan.historical.length);
    for (const m of scan.triggers) {
      const d = m.entry.def;
      added.push({
        kind: 'trigger',
        start: m.start,
        end: m.end,
        text: doc.text.slice(m.start, m.end),
        rule: `trigger:${d.id}:${m.phrase}`,
        sentence: sentences.length ? sentences[sentenceAt(sentences, m.start)].index : 0,
        value: { eventType: d.eventType, subEventType: d.subEventType, kind: d.kind, family: d.family, weight: d.weight },
      });
    }
    for (const m of scan.historical) {
      added.push({
        kind: 'historical-cue',
        start: m.start,
        end: m.end,
        text: doc.text.slice(m.start, m.end),
        rule: `historical:${m.entry.id}:${m.entry.strength}:${m.phrase}`,
        sentence: sentences.length ? sentences[sentenceAt(sentences, m.start)].index : 0,
        value: { cue: m.entry.id },
      });
    }
    // one by one: push(...added) passes every mention as an argument and overflows the stack past ~100k of them
    for (const m of added) doc.mentions.push(m);
    return doc;
  },
};

/**
 * 40-triggers: finds event trigger words ("air strikes", "was shot down", "protesters", "abducted") and historical
 * cues ("last year", "recalled that") from the language pack's lexicons (lang/<xx>/triggers.json, historical.json),
 * compiled into one token trie (src/extract/classify/lexicon.ts). Where scripts mix (Doc.languages, from 20-language),
 * the paragraphs in another language are scanned with their own pack too: an Arabic tweet inside an English page's
 * chrome ("Copy link to Tweet … قصف مدفعي على … Back to top") has its triggers found.
 */
import type { Doc, Mention } from '../../model/document.js';
import type { Stage } from '../stage.js';
import { spend } from '../budget.js';
import { scanText } from '../classify/lexicon.js';
import { sentenceAt, sentencesOf } from '../assemble/sentences.js';
import { SUPPORTED_LANGUAGES } from '../lang/index.js';

type Found = { start: number; end: number; phrase: string; def: ReturnType<typeof scanText>['triggers'][number]['entry']['def'] };

/** Trigger matches of the paragraphs written in another supported language than the document's, at document offsets. */
function otherLanguageTriggers(doc: Doc): Found[] {
  const out: Found[] = [];
  for (const span of doc.languages ?? []) {
    if (span.lang === doc.language || !(SUPPORTED_LANGUAGES as readonly string[]).includes(span.lang)) continue;
    for (const m of scanText(doc.text.slice(span.start, span.end), span.lang).triggers) {
      out.push({ start: span.start + m.start, end: span.start + m.end, phrase: m.phrase, def: m.entry.def });
    }
  }
  return out;
}

export const triggersStage: Stage = {
  name: '40-triggers',
  reads: ['text', 'language', 'sentences'],
  adds: ['mentions:trigger', 'mentions:historical-cue'],
  run(doc) {
    const scan = scanText(doc.text, doc.language);
    const sentences = sentencesOf(doc);
    const added: Mention[] = [];
    const found: Found[] = scan.triggers.map((m) => ({ start: m.start, end: m.end, phrase: m.phrase, def: m.entry.def }));
    if (doc.languages?.some((s) => s.lang !== doc.language)) {
      found.push(...otherLanguageTriggers(doc));
      // 60-code reads the document's own scan again: leave it as the last one scanned
      scanText(doc.text, doc.language);
    }
    spend(found.length + scan.historical.length);
    for (const m of found) {
      const d = m.def;
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

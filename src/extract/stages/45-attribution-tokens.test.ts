import { describe, expect, it } from 'vitest';
import { newDoc, type Doc } from '../../model/document.js';
import { attributionMentions, findAttribution } from './45-attribution.js';
import { tokenize } from '../classify/phrase-matcher.js';

/** The definition attributionMentions follows: each sentence searched on its own (it reuses the document's tokens). */
function reference(doc: Doc) {
  const out: { kind: string; start: number; end: number; text: string; rule: string }[] = [];
  for (const s of doc.sentences) {
    const r = findAttribution(doc.text.slice(s.start, s.end), doc.language);
    for (const h of r.attribution) out.push({ kind: 'attribution', start: s.start + h.start, end: s.start + h.end, text: h.text, rule: h.rule });
    for (const h of r.sources) out.push({ kind: 'source-cue', start: s.start + h.start, end: s.start + h.end, text: h.text, rule: h.rule });
  }
  return out;
}

describe('attribution mentions on the document tokens', () => {
  const texts: [string, string][] = [
    ['ar', 'وأفادت مصادر محلية بأن الطائرات قصفت البلدة. واتهم المرصد السوري قوات النظام بالهجوم، وزعمت وكالة الأنباء أن المسلحين هاجموا.'],
    ['ru', 'По данным местных источников, авиация обстреляла город. Минобороны обвинило боевиков в нападении, сообщили активисты.'],
  ];
  for (const [lang, text] of texts) {
    it(`${lang}: equals sentence by sentence, also where sentence bounds cut a word`, () => {
      const cuts = [...text.matchAll(/[.،,]\s*/g)].map((m) => m.index + m[0].length);
      // sentence bounds at clause ends, then bounds moved into words (the document's tokens then do not fit)
      for (const shift of [0, 1, 2, -1]) {
        const bounds = [0, ...cuts.map((c) => Math.max(1, Math.min(text.length - 1, c + shift))), text.length];
        const doc = { ...newDoc({ id: 't', source: text, language: lang, published: null }), language: lang };
        doc.sentences = bounds.slice(1).map((end, i) => ({ start: bounds[i]!, end, index: i, paragraph: 0 }));
        tokenize(doc.text);
        const got = attributionMentions(doc).map(({ kind, start, end, text, rule }) => ({ kind, start, end, text, rule }));
        expect(got).toEqual(reference(doc));
        if (shift === 0 && lang === 'ar') expect(got.length).toBeGreaterThan(2);
      }
    });
  }
});

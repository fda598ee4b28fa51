/** Digit folding: Arabic-Indic and Persian digits read as numbers and dates, with offsets that still point at the input. */
import { describe, expect, it } from 'vitest';
import { foldDigits } from './digits.js';
import { normalizeSource } from '../stages/10-normalize.js';
import { extractDocument } from '../pipeline.js';
import { toSourceSpan } from '../../model/document.js';

describe('foldDigits', () => {
  const cases: [string, string][] = [
    ['قتل ١٢ شخصا', 'قتل 12 شخصا'],
    ['۲۵ نفر', '25 نفر'],
    ['٣٫٥ كم', '3.5 كم'],
    ['١٬٢٠٠ لاجئ', '1,200 لاجئ'],
    ['٤٠٪', '40%'],
    ['no digits here', 'no digits here'],
    ['mixed 3 and ٣', 'mixed 3 and 3'],
  ];
  for (const [input, want] of cases) {
    it(`${input} -> ${want}`, () => {
      const out = foldDigits(input);
      expect(out).toBe(want);
      expect(out.length).toBe(input.length);
    });
  }

  it('keeps plain-text offsets in the normalize stage (no source map needed)', () => {
    const t = 'سقط ١٥ قتيلا في ٢٠ آذار ٢٠١٧.';
    const r = normalizeSource(t);
    expect(r.text.length).toBe(t.length);
    expect(r.map).toBeUndefined();
    expect(r.text.indexOf('15')).toBe(t.indexOf('١٥'));
  });
});

describe('Eastern Arabic and Persian digits in extraction', () => {
  it('reads fatalities and the date written in Arabic-Indic digits; evidence maps to the original digits', () => {
    // An invented report: "An air strike on a village in the Idlib countryside on 14 March 2019 killed 9 civilians."
    const source = 'قتل ٩ مدنيين في غارة جوية على قرية في ريف إدلب يوم ١٤ آذار ٢٠١٩.';
    const r = extractDocument({ id: 'digits-ar', source, language: 'ar', published: null });
    if (!r.ok) throw new Error('extraction failed');
    const e = r.doc.events.find((x) => !x.historical);
    expect(e?.fatalities?.best).toBe(9);
    expect(e?.date.start).toBe('2019-03-14');
    const dateEv = e!.evidence.date?.[0];
    expect(dateEv).toBeDefined();
    const span = toSourceSpan(r.doc, dateEv!);
    expect(source.slice(span.start, span.end)).toContain('١٤');
  });

  it('reads Persian digits the same way', () => {
    const source = 'قتل ۷ أشخاص في انفجار سيارة مفخخة في بغداد.';
    const r = extractDocument({ id: 'digits-fa', source, language: 'ar', published: '2020-01-05' });
    if (!r.ok) throw new Error('extraction failed');
    expect(r.doc.events.find((x) => !x.historical)?.fatalities?.best).toBe(7);
  });
});

/** Language from the text: hints that contradict the script are overruled; mixed-script paragraphs get their own. */
import { describe, expect, it } from 'vitest';
import { overruleHint, paragraphLanguages } from './detect.js';
import { extractDocument } from '../pipeline.js';

describe('a language hint against the text', () => {
  const rows: { name: string; hint: string; text: string; want: string | null }[] = [
    { name: 'ar hint on an English post', hint: 'ar', text: 'Russian warplanes bombed the town of Test, killing four civilians and wounding a woman.', want: 'en' },
    { name: 'en hint on an Arabic post', hint: 'en', text: 'قصفت طائرات حربية روسية بلدة المثال في ريف حماة الشمالي ما أدى إلى مقتل أربعة مدنيين.', want: 'ar' },
    { name: 'ru hint on an Arabic post', hint: 'ru', text: 'قصفت طائرات حربية روسية بلدة المثال في ريف حماة الشمالي.', want: 'ar' },
    { name: 'a hint matching the script stands', hint: 'ar', text: 'قصف مدفعي على قرية المثال #Syria #Idlib', want: null },
    { name: 'an Arabic post with English hashtags keeps its ar hint', hint: 'ar', text: 'استهداف سيارة بطائرة مسيرة تركية قرب عين عيسى #Turkey #drone #SDF #Raqqa', want: null },
    { name: 'too little text to overrule', hint: 'ar', text: 'Idlib 2024', want: null },
  ];
  for (const r of rows) {
    it(r.name, () => expect(overruleHint(r.hint, r.text)?.lang ?? null).toBe(r.want));
  }

  it('the pipeline records the overruled hint as a warning', () => {
    const r = extractDocument({ id: 'h', source: 'Russian warplanes bombed the town of Test, killing four civilians.', language: 'ar' });
    expect(r.ok && r.doc.language).toBe('en');
    expect(r.ok && r.doc.warnings.some((w) => w.includes("language hint 'ar' overruled"))).toBe(true);
  });
});

describe('paragraph languages where scripts mix', () => {
  it('an Arabic post followed by its English translation', () => {
    const ar = 'قصفت طائرات حربية بلدة المثال في ريف إدلب صباح اليوم.';
    const en = 'Warplanes bombed the town of Test in rural Idlib this morning.';
    const text = `${ar}\n\n${en}`;
    const spans = paragraphLanguages(text);
    expect(spans?.map((s) => s.lang)).toEqual(['ar', 'en']);
    expect(text.slice(spans![1]!.start, spans![1]!.end)).toBe(en);
  });
  it('one script: no paragraph languages', () => {
    expect(paragraphLanguages('Warplanes bombed the town.\n\nTwo civilians were killed.')).toBeNull();
  });
});

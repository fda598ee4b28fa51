import { describe, expect, it } from 'vitest';
import { findNumbers, parseNumber } from './43-numbers.js';

describe('43-numbers: count expressions', () => {
  const cases: [string, string, number, number, number, string][] = [
    // text, expected matched text, low, best, high, modifier
    ['5 people', '5', 5, 5, 5, 'exact'],
    ['twenty-one soldiers', 'twenty-one', 21, 21, 21, 'exact'],
    ['three hundred and five houses', 'three hundred and five', 305, 305, 305, 'exact'],
    ['1,200 troops', '1,200', 1200, 1200, 1200, 'exact'],
    ['at least 5 killed', 'at least 5', 5, 5, 5, 'at-least'],
    ['more than 120 air strikes', 'more than 120', 121, 121, 121, 'more-than'],
    ['up to 10 rockets', 'up to 10', 10, 10, 10, 'up-to'],
    ['10-15 shells', '10-15', 10, 10, 15, 'range'],
    ['between five and 23 of them', 'between five and 23', 5, 5, 23, 'range'],
    ['dozens of people', 'dozens of', 12, 24, 99, 'vague'],
    ['a dozen fighters', 'a dozen', 12, 12, 12, 'vague'],
    ['several hundred students', 'several hundred', 200, 300, 900, 'vague'],
    ['both pilots', 'both', 2, 2, 2, 'exact'],
  ];
  for (const [text, match, low, best, high, modifier] of cases) {
    it(`${text} -> ${low}/${best}/${high} (${modifier})`, () => {
      const hits = findNumbers(text);
      expect(hits[0]?.text).toBe(match);
      expect(hits[0]?.value).toMatchObject({ low, best, high });
      expect(hits[0]?.modifier).toBe(modifier);
    });
  }

  it('skips dates, years, measures, ordinals and model names', () => {
    const text = 'On 9 May 2020 at 3 p.m., 12.7mm guns of the 30th Brigade and a Su-24 fired 5 km away; a 48-year-old man';
    expect(findNumbers(text).map((h) => h.text)).toEqual([]);
  });

  it('parses number words', () => {
    expect(parseNumber('ninety-nine')).toBe(99);
    expect(parseNumber('two thousand three hundred')).toBe(2300);
    expect(parseNumber('1.5 million')).toBe(1_500_000);
    expect(parseNumber('banana')).toBeNull();
  });
});

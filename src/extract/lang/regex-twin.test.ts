/** Regex twins must match exactly like their `u` patterns on every text that passes the safe test. */
import { describe, expect, it } from 'vitest';
import { plainTwin, safeTest, twin } from './regex-twin.js';

function allMatches(re: RegExp, text: string): string[] {
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
  return [...text.matchAll(g)].map((m) => `${m.index}:${m[0]}:${JSON.stringify(m.groups ?? null)}`);
}

describe('regex twins', () => {
  const patterns: [string, string][] = [
    [String.raw`\b(?:jan(?:uary)?|may|monday)\b|\b\d{1,2}/\d{1,2}`, 'giu'],
    [String.raw`(?<![\p{L}\p{N}.,-])(?<n>\d+|five)(?![\p{L}\p{N}]|[.,]\d)`, 'giu'],
    [String.raw`(?:قبل|أمس)\s+\d`, 'giu'],
    [String.raw`[^\p{L}]+`, 'gu'],
  ];
  const texts = [
    'On Monday 5 May, five people; 3/4 of them in January.',
    'MONDAY and mAy 12.5 and x5 and 5x',
    'قتل ١٢ شخصا أمس 5 قبل 3 أيام',
    'Ärger in Köln: fünf Tote, ÉTÉ, ǅ, ß ẞ, ı İ, µ μ Μ, ℃ Ω',
    'Kelvin \u212a and long \u017f: ſunday, Kmonday',
    'astral 😀 emoji 5',
  ];
  for (const [source, flags] of patterns) {
    it(`agrees with /${source}/${flags} on safe texts`, () => {
      const t = twin(source, flags);
      expect(t.plain).not.toBeNull();
      const safe = safeTest([t]);
      for (const text of texts) {
        if (!safe(text)) continue;
        expect(allMatches(t.plain!, text)).toEqual(allMatches(t.unicode, text));
      }
    });
  }

  it('calls texts with surrogates, long s or the Kelvin sign unsafe for case-insensitive twins', () => {
    const safe = safeTest([twin('monday', 'iu')]);
    expect(safe('On Monday')).toBe(true);
    expect(safe('\u017funday')).toBe(false);
    expect(safe('\u212a')).toBe(false);
    expect(safe('😀')).toBe(false);
    // and there the twin would indeed differ: /s/iu matches the long s, /s/i does not
    expect(/s/iu.test('\u017f')).not.toBe(/s/i.test('\u017f'));
  });

  it('makes no twin for patterns whose meaning depends on Unicode case folding', () => {
    expect(plainTwin('é', 'iu')).toBeNull();
    expect(plainTwin('[\\u00c0-\\u00ff]', 'iu')).toBeNull();
    expect(plainTwin('[!-\\u2000]', 'iu')).toBeNull();
    expect(plainTwin('\\P{L}', 'iu')).toBeNull();
    expect(plainTwin('\\p{Script=Arabic}', 'u')).toBeNull();
    expect(plainTwin('вчера', 'iu')).toBeNull();
    expect(plainTwin('[\\u2000-\\u2010]x', 'iu')).not.toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { TextMemo } from './memo.js';

describe('TextMemo', () => {
  it('answers a text it kept, skips texts over the size limit', () => {
    const m = new TextMemo<number>(5, 100);
    m.set('abc', 1);
    m.set('abcdef', 2);
    expect(m.get('abc')).toBe(1);
    expect(m.get('abcdef')).toBeUndefined();
    expect(m.get('xyz')).toBeUndefined();
  });
  it('drops the oldest texts once the kept characters pass the total', () => {
    const m = new TextMemo<number>(10, 10);
    m.set('aaaa', 1);
    m.set('bbbb', 2);
    m.set('cccc', 3); // 12 > 10: 'aaaa' goes
    expect(m.get('aaaa')).toBeUndefined();
    expect(m.get('bbbb')).toBe(2);
    expect(m.get('cccc')).toBe(3);
  });
});

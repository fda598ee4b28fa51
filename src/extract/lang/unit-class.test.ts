/** unitClass answers exactly what its regex answers for each one-unit string. */
import { describe, expect, it } from 'vitest';
import { unitClass } from './unit-class.js';

describe('unitClass', () => {
  it('agrees with the regex on every UTF-16 code unit', () => {
    const re = /[\p{Lu}\p{N}"“'‘«(\[]/u;
    const t = unitClass(re);
    for (let c = 0; c < 0x10000; c += 7) expect(t(c)).toBe(re.test(String.fromCharCode(c)));
    expect(t('A'.charCodeAt(0))).toBe(true);
    expect(t('a'.charCodeAt(0))).toBe(false);
    expect(t(0xd83d)).toBe(false); // a lone surrogate is no letter
  });
  it('refuses stateful regexes', () => {
    expect(() => unitClass(/a/g)).toThrow();
  });
});

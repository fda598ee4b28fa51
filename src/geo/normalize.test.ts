import { describe, expect, it } from 'vitest';
import { foldKey, skeletonKey } from './normalize.js';

describe('foldKey', () => {
  it.each([
    ['Sarāqib', 'saraqib'],
    ['Deir ez-Zor', 'deir ez zor'],
    ["Ma'arrat al-Nu'man", 'maarrat al numan'],
    ['Maʿarrat an Nuʿmān', 'maarrat an numan'],
    ['حماة', 'حماه'],
    ['Сирия', 'сирия'],
  ])('%s -> %s', (a, b) => expect(foldKey(a)).toBe(b));
});

describe('skeletonKey', () => {
  it('merges transliteration variants', () => {
    const s = skeletonKey(foldKey('Saraqib'));
    for (const v of ['Sarakib', 'Saraqeb', 'Sarāqib']) expect(skeletonKey(foldKey(v))).toBe(s);
  });
  it('drops articles, glued or separate', () => {
    expect(skeletonKey(foldKey('Abu Adduhor'))).toBe(skeletonKey(foldKey('Abu al-Duhur')));
    expect(skeletonKey(foldKey('Deir Ezzor'))).toBe(skeletonKey(foldKey('Dayr ez-Zor')));
    expect(skeletonKey(foldKey('Khan Shekhon'))).toBe(skeletonKey(foldKey('Khan Shaykhun')));
  });
  it('keeps different places apart', () => {
    expect(skeletonKey(foldKey('Homs'))).not.toBe(skeletonKey(foldKey('Hamas')));
    expect(skeletonKey(foldKey('Mayadin'))).not.toBe(skeletonKey(foldKey('Medan')));
  });
  it('stems Russian case endings and Arabic proclitics', () => {
    expect(skeletonKey(foldKey('Сирии'))).toBe(skeletonKey(foldKey('Сирия')));
    expect(skeletonKey(foldKey('بالرقة'))).toBe(skeletonKey(foldKey('الرقة')));
  });
});

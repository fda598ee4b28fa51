/** "Headlines that name their place" (issue #3): decided from gold name and text alone. Invented headlines. */
import { describe, expect, it } from 'vitest';
import { placeNamedInText } from './scorer.js';

describe('placeNamedInText', () => {
  const TABLE: [string, string, boolean][] = [
    ['Shelling on Hama countryside', 'Hama', true],
    ["Raids on Aleppo's eastern neighbourhoods", 'Aleppo', true],
    ['Raids on Aleppo’s eastern neighbourhoods', 'Aleppo', true],
    ['Clashes near al-Bab city', 'Al Bab', true],
    ['Strikes on Tadmur', 'Tadmur/Palmyra', true],
    ['Clashes in Deir Ezzor', 'Deir ez Zor', false],
    ['Fighters of the Hamad brigade', 'Hama', false],
    ['Clashes at Bab al-Hawa crossing', 'Al Bab', false],
    ['Clashes in Homs', '', false],
  ];
  for (const [text, name, want] of TABLE) it(`${name} in "${text}" -> ${want}`, () => expect(placeNamedInText(text, name)).toBe(want));
});

/** Table tests for the scan-time filters of the English lexicon: masks, trigger blockers, motive-clause blockers. */
import { describe, expect, it } from 'vitest';
import { scanText } from './lexicon.js';

const triggerIds = (text: string) => scanText(text, 'en').triggers.map((t) => t.entry.id);
const cueIds = (text: string) => scanText(text, 'en').cues.map((c) => c.entry.id);

describe('lexicon scan filters', () => {
  it('drops trigger words inside a mask phrase', () => {
    expect(triggerIds('A member of the Air Force Intelligence was shot dead at his door.')).not.toContain('air-platform');
    expect(triggerIds('The body was in an advanced stage of decomposition.')).not.toContain('clash');
  });

  it('keeps the same words outside a mask', () => {
    expect(triggerIds('The air force bombed the bridge at dawn.')).toContain('air-platform');
  });

  it('blocks a trigger preceded by a background word', () => {
    expect(triggerIds('A landmine left from previous fighting exploded in a field.')).not.toContain('clash');
    expect(triggerIds('Heavy fighting broke out near the dam.')).toContain('clash');
    expect(triggerIds('A man was killed during a police raid on his house.')).not.toContain('strike-generic');
  });

  it('drops protest cues inside the motive clause of a protest note', () => {
    expect(cueIds('Teachers protested demanding the return of looted pension funds.')).not.toContain('protester-violence');
    expect(cueIds('Teachers protested over pay, and some looted a shop.')).toContain('protester-violence');
    expect(cueIds('Residents marched to demand clean water to prevent the spread of cholera.')).not.toContain('intervention-weak');
  });
});

import { describe, expect, it } from 'vitest';
import { newDoc } from '../../model/document.js';
import { loadConfig } from '../../config/schema.js';
import { rootLogger } from '../../log.js';
import { STAGES } from './index.js';
import { documentScope, resolveAttribution } from '../fields/index.js';
import { findAttribution } from './45-attribution.js';

function attribution(text: string) {
  let d = newDoc({ id: 'x', source: text, language: 'en', published: null });
  const ctx = { config: loadConfig(), log: rootLogger };
  for (const s of STAGES.slice(0, 9)) d = s.run(d, ctx);
  return resolveAttribution(d, documentScope(d)).value;
}

describe('hedging and sources', () => {
  const cases: [string, string][] = [
    ['Jabhat al-Nusra was accused of shooting down the helicopter.', 'alleged'],
    ['The helicopter was allegedly downed by rebels.', 'alleged'],
    ['Suspected JNIM militants planted the device.', 'alleged'],
    ['Islamic State claimed responsibility for the bombing.', 'claimed'],
    ['The army denied shelling the village.', 'denied'],
    ['Russian jets reportedly struck the town.', 'stated'],
    ['Government forces shelled the town.', 'stated'],
  ];
  for (const [text, status] of cases) it(`${text} -> ${status}`, () => expect(attribution(text).status).toBe(status));

  it('names the reporters and their kinds', () => {
    const a = attribution('Independent media, social media channels, as well as observers staying in Syria inform that air strikes continue.');
    expect(a.reporters).toEqual([
      { name: 'independent media', kind: 'independent-media' },
      { name: 'social media', kind: 'social-media' },
      { name: 'observers', kind: 'observer' },
    ]);
    expect(attribution('Five civilians were killed, according to SOHR.').reporters).toEqual([{ name: 'SOHR', kind: 'observer' }]);
  });

  it('tells official silence from confirmation', () => {
    expect(attribution('Jets struck the town. The Russian Defence Ministry has not commented.').officialConfirmation).toBe(false);
    expect(attribution('Jets struck the town. The defence ministry confirmed the strike.').officialConfirmation).toBe(true);
    expect(attribution('Jets struck the town.').officialConfirmation).toBeNull();
  });

  it('finds cues in plain text', () => {
    const r = findAttribution('Activists said the group claimed responsibility.');
    expect(r.attribution.map((h) => h.value.status)).toContain('claimed');
    expect(r.sources.map((h) => h.value.name)).toContain('activists');
  });
});

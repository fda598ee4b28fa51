import { describe, expect, it } from 'vitest';
import { newDoc } from '../../model/document.js';
import { normalizeStage } from '../stages/10-normalize.js';
import { sentencesStage } from '../stages/30-sentences.js';
import { loadConfig } from '../../config/schema.js';
import { rootLogger } from '../../log.js';
import { documentScope, resolveCivilianFatalities, resolveFatalities, resolveInjured, resolveStrikes } from './index.js';

const ctx = { config: loadConfig(), log: rootLogger };
function doc(text: string) {
  let d = newDoc({ id: 't', source: text, language: 'en', published: '2020-05-10' });
  d = normalizeStage.run(d, ctx);
  return sentencesStage.run(d, ctx);
}
const fat = (t: string) => { const d = doc(t); return resolveFatalities(d, documentScope(d)).value?.low ?? null; };
const inj = (t: string) => { const d = doc(t); return resolveInjured(d, documentScope(d)).value?.low ?? null; };
const civ = (t: string) => { const d = doc(t); return resolveCivilianFatalities(d, documentScope(d)).value?.low ?? null; };

describe('fatalities', () => {
  const cases: [string, number | null][] = [
    ['Five people were killed in the attack.', 5],
    ['Gunmen killed 4 villagers in the raid.', 4],
    ['Three Russian pilots and two other citizens of Russia have died in the crash.', 5],
    ['At least 4 people (including 1 journalist) as well as 2 policemen were killed and 19 were wounded.', 6],
    ['Militants shot dead a civilian school guard.', 1],
    ['A man was beaten to death by four men.', 1],
    ['The shelling killed a woman and her son.', 2],
    ['Dozens of people were killed when the market was shelled.', 12],
    ['300 people were reported injured, 1 killed and 50 were missing.', 1],
    ['Between five and 23 of them drowned.', 5],
    // news prose, written for the project: a subset set off by commas is not the count of the dead
    ['At least 13 civilians, four of them children, were killed when shells hit the market.', 13],
    ['Seven soldiers, three of whom were officers, died in the ambush near the border.', 7],
    ['A drone hit the bus station, killing six people, among them a 12-year-old boy, and wounding at least 20.', 6],
    ['Gunmen killed 5 villagers including 2 children in the raid.', 5],
    ['5 gunmen killed 2 villagers.', 2],
    ['A man was shot dead. Three members of his family were also killed.', 4],
    ['Seven Taliban militants were killed and wounded during the operation.', null],
    ['Hundreds protested after a gas leak killed 11 people.', null],
    ['A resident died from coronavirus on Monday.', null],
    ['No fatalities were reported.', 0],
    ['Clashes broke out. 1 fatality.', 1],
    ['Clashes on three fronts. Unknown fatalities coded as 10 and spread between 2 locations.', 5],
    ['Fighting on the frontline. 20 fatalities split up between 3 events.', 7],
    ['Clashes killed 57 fighters. Fatalities spread across two locations.', 28],
    ['The airport was closed in 2019.', null],
  ];
  for (const [text, want] of cases) it(`${text} -> ${want}`, () => expect(fat(text)).toBe(want));
});

describe('injured and civilians', () => {
  it('counts injured separately', () => {
    expect(inj('Six soldiers were killed and 23 others were wounded.')).toBe(23);
    expect(fat('Six soldiers were killed and 23 others were wounded.')).toBe(6);
    const t = 'A drone hit the bus station, killing six people, among them a 12-year-old boy, and wounding at least 20.';
    expect(fat(t)).toBe(6);
    expect(inj(t)).toBe(20);
  });
  it('does not take a comma-set subset for the civilian dead', () => {
    expect(civ('At least 13 civilians, four of them children, were killed when shells hit the market.')).toBe(13);
  });
  it('counts civilians only where the noun says so', () => {
    expect(civ('Seven civilians, including two children, were killed.')).toBe(7);
    expect(civ('Four soldiers were killed.')).toBeNull();
  });
});

describe('strike counts', () => {
  const strikes = (t: string) => { const d = doc(t); return resolveStrikes(d, documentScope(d)).value; };
  it('reads open-ended and exact counts', () => {
    expect(strikes('More Than 120 Air Strikes In The Area')).toEqual({ low: 121, high: null });
    expect(strikes('Jets carried out four Saudi-led coalition air raids on the valley.')).toEqual({ low: 4, high: 4 });
    expect(strikes('Up to 10 barrel bombs were dropped.')).toEqual({ low: null, high: 10 });
    expect(strikes('A great number of air strikes is taking place.')).toBeNull();
  });
});

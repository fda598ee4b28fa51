/** Front-line moves without a capture verb, and 'bombard': sentences written for this test. */
import { describe, expect, it } from 'vitest';
import { extractDocument } from '../pipeline.js';

function first(text: string) {
  const r = extractDocument({ id: 't', source: text, language: 'en', published: '2019-06-30' });
  if (!r.ok) throw new Error(r.error.message);
  return r.doc.events.find((e) => !e.historical) ?? null;
}

describe('territory moves', () => {
  const TABLE: [string, string][] = [
    ['Government troops enter Kafr Nubl town on Sunday', 'Government regains territory'],
    ['Rebel factions expel the army from two hills west of Saraqib', 'Non-state actor overtakes territory'],
    ['The militants control three villages south of Idlib city', 'Non-state actor overtakes territory'],
    ['Army units make further progress in the southern part of Maarat al-Numan', 'Government regains territory'],
    ['Helicopters bombard villages in the western countryside of Hama', 'Shelling/artillery/missile attack'],
  ];
  for (const [text, sub] of TABLE) it(`${text} -> ${sub}`, () => expect(first(text)?.subEventType).toBe(sub));

  it('a stronger event word still codes the event', () => {
    expect(first('Warplanes carried out air strikes on the town after rebels expelled the army from it')?.subEventType).toBe('Air/drone strike');
  });
  it('losses among fighters are an event; losses in a business report are not', () => {
    expect(first('Heavy losses among the militants in the hills north of Latakia')).not.toBeNull();
    expect(first('The company reported heavy losses in the third quarter')).toBeNull();
  });
  it('"devastate" is destruction', () => {
    expect(first('Rebels devastate two army trucks on the road to Hama')?.eventType).toBeTruthy();
  });
  it('an exchange of bodies is an agreement', () => {
    expect(first('The two sides exchanged the bodies of 9 fighters near Daraa')?.subEventType).toBe('Agreement');
  });
  it('throwing a man from a rooftop is a killing; hanging bodies is desecration', () => {
    expect(first('Militants threw a man from the roof of a school in Raqqa')?.eventType).toBe('Violence against civilians');
    expect(first('The group hung the bodies of three soldiers in the main square of Raqqa')?.kind).toBe('desecration of remains');
  });
  it('progress in talks, expelled diplomats and an aid convoy entering a town are no battle', () => {
    // (A convoy or an election may be another kind of event; what matters here is that none is a battle.)
    for (const text of [
      'The two governments made good progress in the talks on Tuesday',
      'The ministry will expel two diplomats from the embassy',
      'An aid convoy entered the town of Madaya on Monday',
      'The party hopes to regain its majority in the next election',
    ]) expect(first(text)?.eventType ?? null, text).not.toBe('Battles');
  });
  it('an area described as controlled is no event', () => {
    expect(first('Aid trucks reached the rebel-controlled areas of the province')).toBeNull();
  });
});

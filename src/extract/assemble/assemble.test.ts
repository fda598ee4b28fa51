/** Event assembly on a report written for this test: several events, one of them background from the past. */
import { describe, expect, it } from 'vitest';
import { extractDocument } from '../pipeline.js';
import { differentPlaces } from './drafts.js';
import { fallbackSentences } from './sentences.js';

const REPORT = [
  'Retaliation after transport helicopter downed',
  '',
  'A military transport helicopter was shot down by insurgents near the river crossing on Monday, killing its four crew members.',
  'Witnesses said the bodies of the crew were mutilated by the fighters who reached the wreck.',
  'Hours later, government warplanes launched dozens of air strikes on villages around the crossing.',
  'Last year a fighter jet was shot down in the same valley and its pilot was captured.',
].join('\n');

function run(text: string, published: string | null = '2021-06-09') {
  const r = extractDocument({ id: 'fx', source: text, language: 'en', published });
  if (!r.ok) throw new Error(r.error.message);
  return r.doc;
}

describe('event assembly', () => {
  it('finds each current event once and flags the past one historical', () => {
    const doc = run(REPORT);
    const current = doc.events.filter((e) => !e.historical).map((e) => e.kind);
    expect(current).toEqual(expect.arrayContaining(['shoot-down', 'desecration of remains', 'air strike']));
    expect(current.filter((k) => k === 'shoot-down')).toHaveLength(1);
    const past = doc.events.filter((e) => e.historical);
    expect(past.map((e) => e.kind)).toContain('shoot-down');
    // Historical events come after the current ones.
    expect(doc.events.findIndex((e) => e.historical)).toBeGreaterThanOrEqual(current.length);
  });

  it('gives every event an id, a span, type evidence and extractor rules', () => {
    const doc = run(REPORT);
    doc.events.forEach((e, i) => {
      expect(e.id).toBe(`fx#${i + 1}`);
      expect(e.span.end).toBeGreaterThan(e.span.start);
      expect(e.evidence.type.length).toBeGreaterThan(0);
      for (const ev of e.evidence.type) expect(doc.text.slice(ev.start, ev.end)).toBe(ev.text);
      expect(e.extractor.name).toBe('vigil');
      expect(e.extractor.rules.some((r) => r.startsWith('code:') || r.startsWith('implied:'))).toBe(true);
    });
  });

  it('codes the air strikes as Air/drone strike', () => {
    const e = run(REPORT).events.find((x) => x.kind === 'air strike');
    expect(e?.subEventType).toBe('Air/drone strike');
  });

  it('keeps a dated lead sentence current even with a past-tense cue', () => {
    const doc = run('On 5 June 2021, gunmen attacked a police post for the first time, killing two officers.');
    expect(doc.events[0]?.historical).toBe(false);
  });

  it('flags an event dated in an earlier year than publication as historical', () => {
    const doc = run('Rebels shelled the port today. In 2017 the same port was shelled by the navy.');
    expect(doc.events[0].historical).toBe(false);
    expect(doc.events.some((e) => e.historical)).toBe(true);
  });

  it('returns no events for a text without triggers', () => {
    expect(run('The weather in the capital was mild and sunny this week.').events).toEqual([]);
  });
});

describe('helpers', () => {
  it('splits sentences when the sentence stage has not run', () => {
    const s = fallbackSentences('Gen. Smith arrived. Troops fired shells at 5 p.m. on the hill.\n\nNew paragraph here.');
    expect(s.map((x) => x.paragraph)).toEqual([0, 0, 1]);
    expect(s).toHaveLength(3);
  });

  it('treats a town and its province as the same place', () => {
    const town = { name: 'Alpha', admin1: 'Beta', precision: 'exact' };
    expect(differentPlaces(town, { name: 'Beta', admin1: 'Beta', precision: 'province' })).toBe(false);
    expect(differentPlaces(town, { name: 'Gamma', admin1: 'Beta', precision: 'exact' })).toBe(true);
    expect(differentPlaces(town, null)).toBe(false);
  });
});

describe('own-side losses abroad are not the victims of one\'s own strikes', () => {
  const events = (text: string) => run(text, '2020-03-05').events.filter((e) => !e.historical);
  const REPORT_ABROAD = 'Turkish warplanes launched a wave of retaliatory air strikes on the area near Afrin where a Turkish helicopter was shot down.';
  it('a foreign air force\'s strike does not take the deaths of its own soldiers', () => {
    const strike = events(`${REPORT_ABROAD} Two Turkish soldiers have lost their lives in the incident.`).find((e) => e.kind === 'air strike');
    expect(strike?.location?.country).toBe('SY');
    expect(strike?.fatalities).toBeNull();
    expect(strike?.extractor.rules).toContain('fatalities:own-side-losses-abroad-dropped');
  });
  it('the same strike keeps dead the text does not call its own nationals', () => {
    const strike = events(`${REPORT_ABROAD} Two civilians have lost their lives in the strikes.`).find((e) => e.kind === 'air strike');
    expect(strike?.fatalities?.best).toBe(2);
  });
  it('a domestic strike keeps the dead of its own country', () => {
    const [strike] = events('Syrian government warplanes struck the town of Saraqib on Tuesday, killing 10 Syrian civilians.');
    expect(strike?.fatalities?.best).toBe(10);
  });
  it('a foreign strike keeps dead the text does not call its own nationals', () => {
    const [strike] = events('Russian warplanes struck the town of Saraqib on Tuesday, killing 7 civilians.');
    expect(strike?.fatalities?.best).toBe(7);
  });
});

describe('strike counts belong to remote-violence events', () => {
  it('a count of air strikes is the air strikes\' count, not the shoot-down\'s in the same sentence', () => {
    const { events } = run('More than 40 air strikes hit the hills where the helicopter was shot down by insurgents on Monday.', '2020-03-05');
    const strike = events.find((e) => e.kind === 'air strike');
    const downing = events.find((e) => e.kind === 'shoot-down');
    expect(strike?.strikes?.low).toBe(41);
    expect(downing).toBeDefined();
    expect(downing?.strikes).toBeNull();
  });
});

describe('a downed platform is no weapon of the other events', () => {
  it('the helicopter that was shot down stays on the shoot-down only', () => {
    const { events } = run(
      'Government warplanes carried out dozens of air strikes with cluster munitions on the villages where the Mi-8 helicopter was shot down by insurgents on Monday.',
      '2020-03-05',
    );
    const strike = events.find((e) => e.kind === 'air strike');
    const downing = events.find((e) => e.kind === 'shoot-down');
    expect(strike?.weapons.map((w) => w.name)).toContain('cluster munition');
    expect(strike?.weapons.some((w) => w.category === 'helicopter')).toBe(false);
    expect(downing?.weapons.some((w) => w.category === 'helicopter')).toBe(true);
  });
});

describe('an actor acts in the event named right after it', () => {
  const events = (text: string) => run(text, '2020-03-05').events;
  const roleIn = (evs: ReturnType<typeof events>, kind: string, name: RegExp) => evs.find((e) => e.kind === kind)?.actors.find((a) => name.test(a.name))?.role;
  it('the air force that launched strikes where a helicopter was shot down is no perpetrator of the shoot-down', () => {
    const evs = events('The Russian Air Force launched dozens of air strikes in the hills where the transport helicopter was shot down on Monday.');
    expect(roleIn(evs, 'air strike', /Russia/)).toBe('perpetrator');
    expect(roleIn(evs, 'shoot-down', /Russia/)).not.toBe('perpetrator');
  });
  it('an accusation still names the shoot-down\'s alleged perpetrator', () => {
    const evs = events('Jabhat al-Nusra was accused of shooting down the helicopter on Monday.');
    expect(roleIn(evs, 'shoot-down', /Nusra/)).toBe('perpetrator');
  });
  it('a claim of responsibility and a killing clause keep the perpetrator of the attack', () => {
    const evs = events('Al-Shabaab militants detonated a car bomb outside the hotel on Friday, killing six people. Al-Shabaab claimed responsibility for the attack.');
    expect(evs[0]?.actors.find((a) => /Shabaab/.test(a.name))?.role).toBe('perpetrator');
  });
});

describe('a perpetrator inherited through "the strikes" / "similar activities"', () => {
  const events = (text: string) => run(text, '2020-03-05').events;
  const TEXT = 'The Russian Air Force launched dozens of air strikes on the hills on Monday. The old airfield was also a target for the strikes. Similar activities took place after the bodies of two soldiers were desecrated near the river.';
  it('goes to a later event of the same kind as perpetrator', () => {
    const strikes = events(TEXT).filter((e) => e.kind === 'air strike');
    expect(strikes.length).toBeGreaterThan(0);
    for (const s of strikes) expect(s.actors.find((a) => /Russia/.test(a.name))?.role).toBe('perpetrator');
  });
  it('goes to an event of another kind only as a participant', () => {
    const desecration = events(TEXT).find((e) => e.kind === 'desecration of remains');
    expect(desecration).toBeDefined();
    expect(desecration?.actors.find((a) => /Russia/.test(a.name))?.role ?? 'participant').toBe('participant');
  });
});

/** Table tests for the ACLED coder: sentences written for these tests, one per coding convention. */
import { describe, expect, it } from 'vitest';
import { extractDocument } from '../pipeline.js';

function code(text: string): { type: string | null; sub: string | null; kind: string } | null {
  const r = extractDocument({ id: 't', source: text, language: 'en', published: '2021-03-10' });
  if (!r.ok) throw new Error(r.error.message);
  const e = r.doc.events.find((x) => !x.historical);
  return e ? { type: e.eventType, sub: e.subEventType, kind: e.kind } : null;
}

const TABLE: [string, string][] = [
  ['On 3 March 2021, nurses held a sit-in outside the provincial hospital to demand unpaid salaries.', 'Peaceful protest'],
  ['On 3 March 2021, students marched to the ministry; police fired tear gas to disperse them.', 'Protest with intervention'],
  ['On 3 March 2021, traders protested over new taxes. Police arrested four protesters.', 'Protest with intervention'],
  ['On 3 March 2021, residents protested against the arrest of a local journalist and demanded his release.', 'Peaceful protest'],
  ['On 3 March 2021, soldiers opened fire on demonstrators with live ammunition, killing two protesters.', 'Excessive force against protesters'],
  ['On 3 March 2021, demonstrators burned tyres and threw stones at police during a protest over fuel prices.', 'Violent demonstration'],
  ['On 3 March 2021, an angry mob lynched a suspected cattle thief in the market.', 'Mob violence'],
  ['On 3 March 2021, a man was beaten up by locals who accused him of theft.', 'Mob violence'],
  ['On 3 March 2021, unidentified gunmen shot dead a farmer on his way to the fields.', 'Attack'],
  ['On 3 March 2021, armed men abducted two teachers from a school.', 'Abduction/forced disappearance'],
  ['On 3 March 2021, militants attacked an army checkpoint, killing three soldiers.', 'Armed clash'],
  ['On 3 March 2021, clashes broke out between rebel fighters and government troops near the river.', 'Armed clash'],
  ['On 3 March 2021, government artillery shelled rebel positions south of the town.', 'Shelling/artillery/missile attack'],
  ['On 3 March 2021, warplanes carried out air strikes on a village, destroying several houses.', 'Air/drone strike'],
  ['On 3 March 2021, a roadside bomb struck a police vehicle, wounding two officers.', 'Remote explosive/landmine/IED'],
  ['On 3 March 2021, a suicide bomber blew himself up at a checkpoint.', 'Suicide bomb'],
  ['On 3 March 2021, an attacker threw a hand grenade into a bar, injuring five people.', 'Grenade'],
  ['On 3 March 2021, police defused an improvised explosive device found near the bridge.', 'Disrupted weapons use'],
  ['On 3 March 2021, police arrested three men suspected of belonging to an armed group.', 'Arrests'],
  ['On 3 March 2021, soldiers demolished two houses belonging to farmers.', 'Looting/property destruction'],
  ['On 3 March 2021, the two armed groups signed a ceasefire agreement in the capital.', 'Agreement'],
  ['On 3 March 2021, government troops recaptured the town from the insurgents after heavy fighting.', 'Government regains territory'],
  ['On 3 March 2021, a woman was raped by armed men near the camp.', 'Sexual violence'],
  ['On 3 March 2021, a military helicopter was shot down by rebels near the border.', 'Armed clash'],
  ['On 3 March 2021, air defences shot down a drone over the airport.', 'Disrupted weapons use'],
  // Parties of a clash: unarmed people against police, or two groups with sticks, are a mob, not a battle.
  ['On 3 March 2021, migrant workers clashed with police at a checkpoint after they were stopped from crossing.', 'Mob violence'],
  ['On 3 March 2021, two groups of farmers clashed with sticks and axes over a field boundary.', 'Mob violence'],
  ['On 3 March 2021, a policeman was beaten up by three persons who had been told to go home.', 'Mob violence'],
  ['On 3 March 2021, residents burned tyres and clashed with police, demanding the return of running water.', 'Violent demonstration'],
  // Exchanges of fire are battles whatever the weapon.
  ['On 3 March 2021, rebel fighters fired mortars at army positions and the soldiers returned fire.', 'Armed clash'],
  ['On 3 March 2021, a hand grenade was thrown at a police post and officers responded with gunfire.', 'Armed clash'],
  // Who the victim is: armed people (also in a passive clause before a bare attack noun), gang members, off-duty.
  ['On 3 March 2021, two policemen were killed following an attack by insurgents on a checkpoint.', 'Armed clash'],
  ['On 3 March 2021, gunmen shot dead a man in the market. The victim had charges against him for drug trafficking.', 'Armed clash'],
  ['On 3 March 2021, unknown gunmen shot dead an off-duty police officer outside his home.', 'Attack'],
  ['On 3 March 2021, a prisoner died under torture in a military prison.', 'Attack'],
  // Motive clauses of protest notes are not acts of the protest.
  ['On 3 March 2021, nurses protested outside the hospital demanding the return of looted pension funds.', 'Peaceful protest'],
  ['On 3 March 2021, traders protested outside the town hall in Kisumu. Police dispersed them and detained ten protesters.', 'Protest with intervention'],
  // Explosives: the device, not the damage; past fighting is background.
  ['On 3 March 2021, militants carried out a remote explosive attack that destroyed a bridge.', 'Remote explosive/landmine/IED'],
  ['On 3 March 2021, a farmer was killed when a landmine left from previous fighting exploded in his field.', 'Remote explosive/landmine/IED'],
];

describe('ACLED sub-event coding (rules.json)', () => {
  it.each(TABLE)('%s -> %s', (text, sub) => {
    expect(code(text)?.sub).toBe(sub);
  });

  it('codes a helicopter shoot-down with kind shoot-down', () => {
    expect(code('On 3 March 2021, a military helicopter was shot down by rebels near the border.')?.kind).toBe('shoot-down');
  });

  it('emits no ACLED-typed event for text without conflict content', () => {
    expect(code('The city council approved the new budget for road repairs on Tuesday.')).toBeNull();
  });
});

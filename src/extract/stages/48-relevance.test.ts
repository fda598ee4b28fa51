import { describe, expect, it } from 'vitest';
import { extractDocument } from '../pipeline.js';
import { relevanceModel } from '../relevance/model.js';

/** Texts written for the project: what a general news feed carries next to conflict reports. */
function run(text: string, language = 'en') {
  const r = extractDocument({ id: 't', source: text, language, published: '2024-11-09' });
  if (!r.ok) throw new Error(r.error.message);
  return r.doc;
}

describe('48-relevance', () => {
  it('ships an English model and none for Arabic (rules alone decide there)', () => {
    expect(relevanceModel('en')).not.toBeNull();
    expect(relevanceModel('ar')).toBeNull();
  });

  it.each([
    ['sport', 'The visitors attacked in waves but the home keeper made six saves, and a late shot from the substitute sealed a 2-0 win that lifts the club to third in the table. The manager praised his defenders after the match and said the title race was far from over.'],
    ['business', 'Shares in the retailer fell 8% after a rival launched a hostile takeover bid. Analysts said the price war among supermarkets would hit profits, and the chief executive called the dawn raid on its stock an attack on the board.'],
    ['review', 'The film follows a weary detective through a city at war with itself. In its best scene the hero storms a warehouse and guns down a gang of smugglers; the critics loved the soundtrack, and the box office takings beat expectations.'],
  ])('finds no event in a %s report', (_, text) => {
    const doc = run(text);
    expect(doc.events).toEqual([]);
    expect(doc.relevance?.relevant).toBe(false);
    expect(doc.relevance?.rule).toMatch(/^relevance:doc:no-event:doc=-?\d/);
  });

  // Known limitation, kept visible: the lexicon's trigger features weigh more than the sport words of a short match
  // report, so "The clash at Old Trafford ended 2-1" still yields a battle. `it.fails` turns green when that is fixed.
  it.fails('finds no event in a match report that calls the game a clash', () => {
    const doc = run(
      "United's new striker fired a shot past the keeper in the 89th minute as the visitors attacked in waves. The clash at Old Trafford ended 2-1. The manager praised his defenders after the match and said the league title race was far from over.",
    );
    expect(doc.events).toEqual([]);
  });

  it('keeps a wire report of an air strike, with the reason in the evidence', () => {
    const doc = run(
      'KYIV, 9 November 2024 - A Russian guided aerial bomb hit a residential street in the town of Kupiansk on Friday afternoon, killing six people and wounding at least 20, the head of the regional military administration said.',
    );
    expect(doc.events.length).toBeGreaterThan(0);
    const ev = doc.events[0]!.evidence.relevance!;
    expect(ev.length).toBeGreaterThan(0);
    expect(ev[0]!.rule).toMatch(/^relevance:(model:event|rule:)/);
    expect(doc.text.slice(ev[0]!.start, ev[0]!.end)).toContain('guided aerial bomb');
  });

  it('leaves Arabic text to the rules and says so', () => {
    const doc = run('قصفت طائرات حربية بلدة في ريف إدلب صباح اليوم ما أدى إلى مقتل ثلاثة مدنيين.', 'ar');
    expect(doc.relevance?.rule).toMatch(/^relevance:(no-model|no-trigger)/);
    expect(doc.events.length).toBeGreaterThan(0);
  });
});

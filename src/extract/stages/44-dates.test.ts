import { describe, expect, it } from 'vitest';
import { findDates } from './44-dates.js';
import { newDoc } from '../../model/document.js';
import { loadConfig } from '../../config/schema.js';
import { rootLogger } from '../../log.js';
import { STAGES } from './index.js';
import { documentScope, resolveDate } from '../fields/index.js';

const first = (text: string, reference: string | null, lang = 'en') => findDates(text, { reference, lang })[0]?.value ?? null;

describe('44-dates', () => {
  const cases: [string, string | null, string | null, string | null, string | null][] = [
    // text, publication date, start, end, precision
    ['On 9 May 2020, interns protested.', null, '2020-05-09', '2020-05-09', 'day'],
    ['Around 9 May 2020 (as reported), a man was found dead.', null, '2020-05-09', '2020-05-09', 'day'],
    ['On Monday, jets struck the town.', '2020-05-13', '2020-05-11', '2020-05-11', 'day'],
    ['On Friday, jets struck the town.', '2020-05-13', '2020-05-08', '2020-05-08', 'day'],
    ['Yesterday, jets struck the town.', '2020-05-13', '2020-05-12', '2020-05-12', 'day'],
    ['Last week the army shelled the village.', '2020-05-13', '2020-05-04', '2020-05-10', 'week'],
    ['Fighting in May 2020 displaced thousands.', null, '2020-05-01', '2020-05-31', 'month'],
    ['The airport had been closed since 2014.', null, '2014-01-01', '2014-12-31', 'year'],
    ['Clashes between 3 and 5 May 2020 killed ten.', null, '2020-05-03', '2020-05-05', 'range'],
    ['on 9 May', '2021-01-10', '2020-05-09', '2020-05-09', 'day'],
    ['В понедельник самолёты нанесли удар.', '2020-03-15', '2020-03-09', '2020-03-09', 'day'],
  ];
  for (const [text, ref, start, end, precision] of cases) {
    it(`${text} (published ${ref}) -> ${start}..${end} ${precision}`, () => {
      const v = first(text, ref, /[а-я]/i.test(text) ? 'ru' : 'en');
      expect(v).toMatchObject({ start, end, precision });
    });
  }

  it('never invents a date: relative or year-less expressions need a publication date', () => {
    expect(first('Yesterday, jets struck the town.', null)).toBeNull();
    expect(first('On Monday, jets struck the town.', null)).toBeNull();
    expect(first('Jets struck on 9 May.', null)).toBeNull();
    expect(first('at 3 pm', '2020-05-13')).toBeNull();
  });

  it('resolveDate returns unknown bounded by the publication date when the text gives none', () => {
    let d = newDoc({ id: 'x', source: 'Jets struck the town, killing three.', language: 'en', published: '2016-08-02' });
    const ctx = { config: loadConfig(), log: rootLogger };
    for (const s of STAGES.slice(0, 9)) d = s.run(d, ctx);
    expect(resolveDate(d, documentScope(d)).value).toEqual({ start: null, end: null, precision: 'unknown', relative: false, notAfter: '2016-08-02' });
  });
});

describe('reference day for relative dates', () => {
  const ctx = { config: loadConfig(), log: rootLogger };
  const run = (source: string, opts: { published?: string | null; captured?: string | null }) => {
    let doc = newDoc({ id: 't', source, ...opts });
    for (const s of STAGES) {
      doc = s.run(doc, ctx);
      if (s.name === '44-dates') break;
    }
    return doc;
  };
  it.each([
    // text, published, captured, the day "on Thursday" resolves to
    ['Published 3 March 2017\n\nJets struck the town on Thursday.', null, '2026-11-24T21:00:00Z', '2017-03-02'],
    ['Jets struck the town on Thursday.', '2017-03-03', '2026-11-24T21:00:00Z', '2017-03-02'],
    ['Jets struck the town on Thursday.', null, '2026-11-24T21:00:00Z', '2026-11-19'],
  ])('%j (published %s, captured %s) -> %s', (text, published, captured, want) => {
    const doc = run(text, { published, captured });
    const thursday = doc.mentions.find((m) => m.kind === 'date' && /thursday/i.test(m.text));
    expect(thursday?.kind === 'date' ? thursday.value.start : null).toBe(want);
  });
});

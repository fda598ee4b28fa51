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
    // text, published, captured, the day "on Thursday" resolves to (null: not placed in time; the capture time is
    // when Vigil read the report, not when it was written)
    ['Published 3 March 2017\n\nJets struck the town on Thursday.', null, '2026-11-24T21:00:00Z', '2017-03-02'],
    ['Jets struck the town on Thursday.', '2017-03-03', '2026-11-24T21:00:00Z', '2017-03-02'],
    ['Jets struck the town on Thursday.', null, '2026-11-24T21:00:00Z', null],
  ])('%j (published %s, captured %s) -> %s', (text, published, captured, want) => {
    const doc = run(text, { published, captured });
    const thursday = doc.mentions.find((m) => m.kind === 'date' && /thursday/i.test(m.text));
    expect(thursday?.kind === 'date' ? thursday.value.start : null).toBe(want);
  });
});

describe('time of day before a date (ru, ar)', () => {
  const cases: [string, string, string | null, string, string, string][] = [
    // text, language, publication date, start, end, precision
    ['Вечером 20 февраля артиллерия обстреляла окраину города.', 'ru', '2022-02-22', '2022-02-20', '2022-02-20', 'day'],
    ['Утром 3 марта беспилотник атаковал склад.', 'ru', '2022-03-05', '2022-03-03', '2022-03-03', 'day'],
    ['Поздно вечером 20 февраля 2022 года был обстрелян посёлок.', 'ru', null, '2022-02-20', '2022-02-20', 'day'],
    ['В ночь на 5 мая ракеты попали в нефтебазу.', 'ru', '2022-05-06', '2022-05-05', '2022-05-05', 'day'],
    ['В ночь с 4 на 5 мая ракеты попали в нефтебазу.', 'ru', '2022-05-06', '2022-05-04', '2022-05-05', 'range'],
    ['Вечером в пятницу город снова обстреляли.', 'ru', '2022-03-09', '2022-03-04', '2022-03-04', 'day'],
    ['Днём 12 апреля 2021 года прогремел взрыв.', 'ru', null, '2021-04-12', '2021-04-12', 'day'],
    ['قصفت المدفعية البلدة مساء 20 فبراير.', 'ar', '2022-02-22', '2022-02-20', '2022-02-20', 'day'],
    ['وقع الانفجار مساء الخميس قرب السوق.', 'ar', '2022-02-22', '2022-02-17', '2022-02-17', 'day'],
  ];
  for (const [text, lang, ref, start, end, precision] of cases) {
    it(`${text} (published ${ref}) -> ${start}..${end} ${precision}`, () => {
      expect(first(text, ref, lang)).toMatchObject({ start, end, precision });
    });
  }

  it('the date span leaves out the time-of-day word', () => {
    const h = findDates('Вечером 20 февраля обстреляли город.', { lang: 'ru', reference: '2022-02-22' })[0];
    expect(h?.text).toBe('20 февраля');
  });
});

describe('press dateline and the weekday of the event', () => {
  const ctx = { config: loadConfig(), log: rootLogger };
  const eventDate = (source: string, language: string, published: string | null) => {
    let d = newDoc({ id: 'x', source, language, published });
    for (const s of STAGES.slice(0, 9)) d = s.run(d, ctx);
    return resolveDate(d, documentScope(d));
  };
  it.each([
    // text, language, published, event day, rule
    ['KABUL, 4 March 2017 – Gunmen attacked a checkpoint on Friday, killing two policemen.', 'en', null, '2017-03-03', 'date:weekday-after-dateline'],
    ['4 March 2017 (AFP) – Jets bombed a bakery in the town on Thursday.', 'en', '2017-03-04', '2017-03-02', 'date:weekday-after-dateline'],
    ['ДОНЕЦК, 4 марта 2017 – Вечером в пятницу артиллерия обстреляла рынок.', 'ru', null, '2017-03-03', 'date:weekday-after-dateline'],
    ['МОСКВА, 4 марта 2017 /ТАСС/ В пятницу беспилотник атаковал нефтебазу.', 'ru', null, '2017-03-03', 'date:weekday-after-dateline'],
    // "On <date>, ..." opens a coder's note: that date is the event's, the later weekday is when it was reported
    ['On 4 March 2017, gunmen attacked a checkpoint, police said on Friday.', 'en', null, '2017-03-04', 'date:dateline'],
    // a dateline and no weekday: the dateline
    ['KABUL, 4 March 2017 – Gunmen attacked a checkpoint, killing two policemen.', 'en', null, '2017-03-04', 'date:dateline'],
  ])('%s -> %s', (text, lang, published, day, rule) => {
    const r = eventDate(text, lang, published);
    expect(r.value.start).toBe(day);
    expect(r.rules).toContain(rule);
  });
});

/**
 * A report's own date found in the text (post timestamps, Arabic datelines, labelled dates), Levantine/Iraqi,
 * Egyptian and Russian month names, and relative dates resolved against it. Texts written for these tests.
 */
import { describe, expect, it } from 'vitest';
import { extractDocument } from '../pipeline.js';

function run(source: string, language: string | null = null, published: string | null = null) {
  const r = extractDocument({ id: 't', source, language, published });
  if (!r.ok) throw new Error(r.error.message);
  return r.doc;
}
const mentions = (source: string, language: string | null = null) =>
  run(source, language).mentions.filter((m) => m.kind === 'date').map((m) => (m.value as { start: string }).start);

describe("a report's own date", () => {
  const rows: { name: string; text: string; lang?: string; date: string | null; rule?: string }[] = [
    { name: 'X timestamp glued to the view count', text: 'PostLog inSign upPostNews Desk@newsdesk_testShelling hit the village of Test.10:23 AM · Dec 1, 20241.6KViews', date: '2024-12-01', rule: 'date:post-timestamp' },
    { name: 'Facebook timestamp before "Shared with Public"', text: 'Page NameNovember 26, 2024 · Shared with Publicقصف مدفعي على بلدة المثال.', date: '2024-11-26', rule: 'date:post-timestamp' },
    { name: 'Telegram widget time', text: 'Telegram Widget\n\nChannel\n\nقصف على قرية المثال.\n\n3K viewsJun 4, 2023 at 11:20', date: '2023-06-04', rule: 'date:post-timestamp' },
    { name: 'Arabic "published on" label with a glued comma', text: 'عنوان الخبر هنا\nنشر في 23 نوفمبر,2025\nقصفت طائرات حربية قرية المثال.', lang: 'ar', date: '2025-11-23', rule: 'date:labelled' },
    { name: 'numeric dateline, day first', text: '27/06/2022\nقصف مدفعي على قرية المثال.', lang: 'ar', date: '2022-06-27', rule: 'date:dateline' },
    { name: 'numeric dateline, year first', text: 'الأحد 2021/03/14\nقصف مدفعي على قرية المثال.', lang: 'ar', date: '2021-03-14', rule: 'date:dateline' },
    { name: 'English dateline with an Arabic comma', text: '7 March، 2022\n\nShells hit the village of Test.', date: '2022-03-07', rule: 'date:dateline' },
    { name: "an embedded post's signature when the page shows no other post", text: 'Sources said shells hit a farm.\n\nقصف على قرية المثال — Example Network (@example_net) September 7, 2021', date: '2021-09-07', rule: 'date:post-timestamp' },
    { name: 'no date anywhere: none', text: 'قصف مدفعي على قرية المثال أدى إلى إصابة طفلين.', lang: 'ar', date: null },
  ];
  for (const r of rows) {
    it(r.name, () => {
      const d = run(r.text, r.lang ?? null);
      expect(d.reportDate?.date ?? null).toBe(r.date);
      if (r.rule) expect(d.reportDate?.rule).toBe(r.rule);
    });
  }
  it('the publication date given by the caller wins', () => {
    expect(run('7 March، 2022\n\nShells hit the village of Test.', 'en', '2022-03-08').reportDate).toEqual({ date: '2022-03-08', rule: 'published' });
  });
});

describe('month names', () => {
  const rows: [string, string][] = [
    ['وقع القصف في 3 حزيران 2023 على القرية.', '2023-06-03'],
    ['وقع القصف في 3 تموز 2023 على القرية.', '2023-07-03'],
    ['وقع القصف في 9 آب 2022 على القرية.', '2022-08-09'],
    ['وقع القصف في 14 كانون الثاني 2021 على القرية.', '2021-01-14'],
    ['وقع القصف في 14 كانون الأول 2021 على القرية.', '2021-12-14'],
    ['وقع القصف في 2 تشرين الأول 2020 على القرية.', '2020-10-02'],
    ['وقع القصف في 2 تشرين الثاني 2020 على القرية.', '2020-11-02'],
    ['وقع القصف في 20 كانون الثاني/ يناير 2022 على القرية.', '2022-01-20'],
    ['وقع القصف في 5 يونيو 2019 على القرية.', '2019-06-05'],
    ['وقع القصف في 5 يوليو 2019 على القرية.', '2019-07-05'],
    ['حصاد الأحداث ليوم الأربعاء 15 / كانون الثاني / 2025', '2025-01-15'],
  ];
  for (const [text, date] of rows) it(`${text} -> ${date}`, () => expect(mentions(text, 'ar')).toContain(date));
  it('Russian month names', () => expect(mentions('Обстрел произошёл 12 марта 2022 года в посёлке.', 'ru')).toContain('2022-03-12'));
});

describe('relative dates against the report date', () => {
  const post = (body: string) => `Page NameNovember 24, 2024 · Shared with Public${body}All reactions:4LikeComment`; // a Sunday
  const rows: [string, string, string][] = [
    ['"مساء أمس السبت" is the day before', post('شنت طائرات حربية غارات على قرية المثال مساء أمس السبت، ما أدى إلى مقتل مدنيين.'), '2024-11-23'],
    ['"أول أمس" is two days before', post('قتل مدنيان بقصف مدفعي على قرية المثال أول أمس.'), '2024-11-22'],
    ['"قبل قليل" is the same day', post('قصف مدفعي على قرية المثال قبل قليل أدى إلى إصابة طفلين.'), '2024-11-24'],
    ['"on Friday" is the Friday before', post('Shelling killed two civilians in the village of Test on Friday.'), '2024-11-22'],
    ['"this morning" is the same day', post('Shelling killed two civilians in the village of Test this morning.'), '2024-11-24'],
    ['"last night" is the day before', post('Warplanes bombed the village of Test last night, killing two civilians.'), '2024-11-23'],
  ];
  for (const [name, text, date] of rows) {
    it(name, () => {
      const d = run(text);
      const e = d.events.find((x) => !x.historical);
      expect(e?.date.start).toBe(date);
    });
  }
  it('a post with no date words of its own reports the day it was posted (rule date:post-day, the timestamp as evidence)', () => {
    const d = run(post('#عاجل استشهاد طفلين بقصف مدفعي على قرية المثال.'));
    const e = d.events.find((x) => !x.historical)!;
    expect(e.date.start).toBe('2024-11-24');
    const d2 = run(post('Warplanes bombed the village of Test, killing two civilians.'));
    const e2 = d2.events.find((x) => !x.historical)!;
    expect(e2.date.start).toBe('2024-11-24');
    expect(e2.evidence.date?.[0]?.rule).toBe('date:post-day');
    expect(e2.evidence.date?.[0]?.text).toContain('November 24, 2024');
  });
  it('never invents: a news text without any date stays undated', () => {
    const d = run('Warplanes bombed the village of Test yesterday, killing two civilians.', 'en');
    expect(d.events[0]?.date.start ?? null).toBeNull();
    expect(mentions('قتل مدني بقصف على القرية منذ ساعات.', 'ar')).toEqual([]);
  });
  it('a bare weekday word without its article is no date ("أحد المنازل": one of the houses)', () => {
    expect(run(post('أصيب مدني بقصف استهدف أحد المنازل في قرية المثال.')).mentions.filter((m) => m.kind === 'date')).toEqual([]);
  });
  it('vague expressions name no day', () => {
    expect(run(post('قصفت طائرات حربية قرية المثال قبل أيام.')).mentions.filter((m) => m.kind === 'date')).toEqual([]);
  });
});

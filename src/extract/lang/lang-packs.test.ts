/**
 * Table tests for the Arabic (ar) and Russian (ru) language packs, on sentences written for these tests:
 * each report must yield the event a coder would record (type, fatalities, date where the text gives one).
 */
import { describe, expect, it } from 'vitest';
import { extractDocument } from '../pipeline.js';
import { PhraseMatcher, tokenize } from '../classify/phrase-matcher.js';
import { findNumbers } from '../stages/43-numbers.js';
import { langData, SUPPORTED_LANGUAGES } from './index.js';

function events(text: string, language: string, published: string | null = null) {
  const r = extractDocument({ id: 't', source: text, language, published });
  if (!r.ok) throw new Error('extraction failed');
  return r.doc.events.filter((e) => !e.historical);
}

interface Row {
  name: string;
  lang: 'ar' | 'ru';
  text: string;
  published?: string;
  sub: string | null;
  fatalities?: number;
  date?: string;
}

const rows: Row[] = [
  {
    name: 'ar air strike, 4 killed',
    lang: 'ar',
    text: 'شنت طائرات حربية غارات جوية على قرية في ريف إدلب صباح اليوم، ما أسفر عن مقتل أربعة مدنيين.',
    published: '2019-05-06',
    sub: 'Air/drone strike',
    fatalities: 4,
    date: '2019-05-06',
  },
  { name: 'ar clitic-prefixed air raids', lang: 'ar', text: 'وقتل 7 أشخاص بالغارات الجوية التي استهدفت السوق.', sub: 'Air/drone strike', fatalities: 7 },
  { name: 'ar artillery shelling', lang: 'ar', text: 'قصفت قوات النظام بقذائف الهاون حي الشعار في مدينة حلب، ما أدى إلى مقتل طفلين.', sub: 'Shelling/artillery/missile attack' },
  { name: 'ar car bomb', lang: 'ar', text: 'انفجرت سيارة مفخخة قرب حاجز للشرطة في بغداد وأسفرت عن مقتل 12 شخصا.', sub: 'Remote explosive/landmine/IED', fatalities: 12 },
  { name: 'ar clashes', lang: 'ar', text: 'اندلعت اشتباكات عنيفة بين الجيش ومسلحين في أطراف المدينة.', sub: 'Armed clash' },
  { name: 'ar protest with tear gas', lang: 'ar', text: 'تظاهر مئات الطلاب أمام مبنى الجامعة، وفرقتهم الشرطة بالغاز المسيل للدموع.', sub: 'Protest with intervention' },
  { name: 'ar peaceful sit-in', lang: 'ar', text: 'اعتصم عشرات العمال أمام مقر الشركة للمطالبة برواتبهم المتأخرة.', sub: 'Peaceful protest' },
  { name: 'ar no event', lang: 'ar', text: 'افتتح وزير التربية مدرسة جديدة في المدينة.', sub: null },
  // nouns and verbs that name no event of their own
  { name: 'ar "attacked" = criticised', lang: 'ar', text: 'هاجم رئيس الحزب الحكومة في خطابه أمام أنصاره.', sub: null },
  { name: 'ar figurative explosion', lang: 'ar', text: 'حذر الخبراء من انفجار الغضب الشعبي بسبب ارتفاع الأسعار.', sub: null },
  { name: 'ar call to protest', lang: 'ar', text: 'دعت النقابة أعضاءها إلى المشاركة في مظاهرة يوم الأحد المقبل.', sub: null },
  { name: 'ar the right to protest', lang: 'ar', text: 'أكد الوزير أن الدستور يكفل حق التظاهر السلمي.', sub: null },
  { name: 'ar acts of violence (generic)', lang: 'ar', text: 'أدان المجلس أعمال العنف في المنطقة.', sub: null },
  { name: 'ar protest with a crowd', lang: 'ar', text: 'خرجت مظاهرات حاشدة في وسط العاصمة أمس للمطالبة بالإصلاح.', sub: 'Peaceful protest' },
  { name: 'ar kidnapping verb', lang: 'ar', text: 'اختطف مسلحون مهندسين اثنين على طريق المطار.', sub: 'Abduction/forced disappearance' },
  // background: a named year, a running total since a start
  { name: 'ar named year is background', lang: 'ar', text: 'وقتل ثلاثون شخصا في تفجير سيارة مفخخة في السوق عام 2006.', sub: null },
  { name: 'ar running total', lang: 'ar', text: 'وقتل أكثر من مئتي مدني منذ بداية العام في المحافظة.', sub: null },
  // threats, warnings and speculation report no event that happened
  { name: 'ar threat', lang: 'ar', text: 'هددت الجماعة المسلحة بشن هجمات انتحارية على مراكز الشرطة.', sub: null },
  { name: 'ar warning of possible bombings', lang: 'ar', text: 'حذر مسؤولون أمنيون من احتمال وقوع تفجيرات بسيارات مفخخة في العاصمة.', sub: null },
  { name: 'ar conditional', lang: 'ar', text: 'وقال المتحدث إن القوات سترد بقوة في حال تعرضت قواعدها لأي هجوم صاروخي.', sub: null },
  { name: 'ar event yesterday and a warning', lang: 'ar', text: 'قتل ثلاثة جنود أمس في هجوم بعبوة ناسفة على دورية، وحذر الجيش من هجمات أخرى.', sub: 'Remote explosive/landmine/IED', fatalities: 3 },
  {
    name: 'ru shelling, 2 dead, dated',
    lang: 'ru',
    text: '20 февраля 2022 года центр Донецка был обстрелян из артиллерии. По данным местных властей, погибли два мирных жителя.',
    published: '2022-02-21',
    sub: 'Shelling/artillery/missile attack',
    fatalities: 2,
    date: '2022-02-20',
  },
  { name: 'ru air strike', lang: 'ru', text: 'Вчера российская авиация нанесла авиаудар по селу, убиты пятеро человек.', published: '2016-03-02', sub: 'Air/drone strike', fatalities: 5, date: '2016-03-01' },
  { name: 'ru drone strike', lang: 'ru', text: 'Беспилотник атаковал автомобиль на окраине города, погиб водитель.', sub: 'Air/drone strike' },
  { name: 'ru clashes', lang: 'ru', text: 'В районе посёлка продолжаются ожесточённые бои между ВСУ и подразделениями армии.', sub: 'Armed clash' },
  { name: 'ru IED', lang: 'ru', text: 'На окраине села взорвалось самодельное взрывное устройство, ранены трое военнослужащих.', sub: 'Remote explosive/landmine/IED' },
  { name: 'ru protest', lang: 'ru', text: 'Несколько сотен человек вышли на митинг против повышения пенсионного возраста.', sub: 'Peaceful protest' },
  { name: 'ru suicide bomber', lang: 'ru', text: 'Смертник подорвал себя у входа в здание полиции, погибли 3 человека.', sub: 'Suicide bomb', fatalities: 3 },
  { name: 'ru no event', lang: 'ru', text: 'В городе открылась новая библиотека.', sub: null },
];

describe('Arabic and Russian reports yield events', () => {
  for (const row of rows) {
    it(row.name, () => {
      const evs = events(row.text, row.lang, row.published ?? null);
      if (row.sub === null) {
        expect(evs.filter((e) => e.eventType && e.eventType !== 'Strategic developments')).toHaveLength(0);
        return;
      }
      expect(evs.length).toBeGreaterThan(0);
      const e = evs[0];
      expect(e.subEventType).toBe(row.sub);
      if (row.fatalities !== undefined) expect(e.fatalities?.best).toBe(row.fatalities);
      if (row.date !== undefined) expect(e.date.start).toBe(row.date);
    });
  }
});

describe('irrealis cues (effect no-event) drop the event; background cues keep it as historical', () => {
  const all = (text: string) => {
    const r = extractDocument({ id: 't', source: text, language: 'ar', published: null });
    if (!r.ok) throw new Error('extraction failed');
    return r.doc.events;
  };
  it('a warning or a threat yields no record at all, not a historical one', () => {
    expect(all('حذر مسؤولون أمنيون من احتمال وقوع تفجيرات بسيارات مفخخة في العاصمة.')).toHaveLength(0);
    expect(all('هدد قائد الميليشيا بقصف المدينة بالصواريخ إذا لم ينسحب الجيش منها.')).toHaveLength(0);
  });
  it('a hedged report of strikes that happened is still a current event', () => {
    const evs = all('ربما قتل عشرات المدنيين في الغارات الجوية على البلدة.');
    expect(evs.some((e) => !e.historical && e.subEventType === 'Air/drone strike')).toBe(true);
  });
  it('a bombing in a named past year is kept, flagged historical', () => {
    const evs = all('وقتل ثلاثون شخصا في تفجير سيارة مفخخة في السوق عام 2006.');
    expect(evs.length).toBeGreaterThan(0);
    expect(evs.every((e) => e.historical)).toBe(true);
  });
});

describe('matching non-Latin tokens', () => {
  it('folds Arabic clitics, hamza forms and diacritics, and Russian ё and stems', () => {
    const m = new PhraseMatcher<string>();
    m.add('غارة جوية', 'air');
    m.add('إطلاق النار', 'fire');
    m.add('обстрел*', 'shell');
    const ids = (t: string) => m.match(tokenize(t)).map((x) => x.entry);
    expect(ids('وبالغارة الجوية')).toEqual(['air']);
    expect(ids('اطلاقُ النارِ')).toEqual(['fire']);
    expect(ids('Обстреляли город')).toEqual(['shell']);
    expect(ids('غرامة')).toEqual([]);
  });

  it('reads Arabic and Russian number words', () => {
    expect(findNumbers('مقتل خمسة وعشرين شخصا', 'ar').map((n) => n.value.best)).toEqual([25]);
    expect(findNumbers('أكثر من 30 قتيلا', 'ar').map((n) => n.value.low)).toEqual([31]);
    expect(findNumbers('погибли пятеро, ранены двух', 'ru').map((n) => n.value.best)).toEqual([5, 2]);
    expect(findNumbers('не менее 12 человек', 'ru').map((n) => [n.value.low, n.modifier])).toEqual([[12, 'at-least']]);
  });
});

describe('attribution and role packs (hedges, sources, roles) in every language', () => {
  const en = {
    hedges: langData<Record<string, unknown>>('en', 'hedges')!,
    sources: langData<Record<string, unknown>>('en', 'sources')!,
    roles: langData<Record<string, string>>('en', 'roles')!,
  };
  const phrases = (lang: string): string[] => {
    const h = langData<{ cues: Record<string, string[]>; officialSilent: string[]; officialConfirm: string[] }>(lang, 'hedges')!;
    const s = langData<{ sources: { phrases: string[] }[] }>(lang, 'sources')!;
    return [...Object.values(h.cues).flat(), ...h.officialSilent, ...h.officialConfirm, ...s.sources.flatMap((x) => x.phrases)];
  };
  for (const lang of SUPPORTED_LANGUAGES) {
    it(`${lang}: same fields as the English pack, regular expressions and phrases compile`, () => {
      const h = langData<{ syntax?: string; cues: Record<string, string[]> }>(lang, 'hedges');
      const s = langData<{ syntax?: string; sources: { name: string; kind: string; phrases: string[] }[] }>(lang, 'sources');
      const r = langData<Record<string, string>>(lang, 'roles');
      expect(h && s && r).toBeTruthy();
      expect(Object.keys(h!.cues).sort()).toEqual(Object.keys(en.hedges.cues as object).sort());
      for (const k of ['officialSilent', 'officialConfirm']) expect(Array.isArray((h as unknown as Record<string, unknown>)[k])).toBe(true);
      const kinds = new Set(['official', 'independent-media', 'social-media', 'observer', 'ngo', 'unknown']);
      for (const src of s!.sources) {
        expect(kinds.has(src.kind), `${lang} source ${src.name}: kind ${src.kind}`).toBe(true);
        expect(src.phrases.length).toBeGreaterThan(0);
      }
      for (const k of Object.keys(en.roles).filter((k) => !k.startsWith('$'))) {
        expect(typeof r![k], `${lang} roles.${k}`).toBe('string');
        expect(() => new RegExp(r![k], 'iu')).not.toThrow();
      }
      if (h!.syntax === 'phrases') {
        const m = new PhraseMatcher<number>();
        for (const [i, p] of phrases(lang).entries()) {
          expect(() => m.add(p, i), `${lang}: "${p}"`).not.toThrow();
          // a bare "|" inside a multi-word alternative is a data mistake: alternatives are per token
          expect(p, `${lang}: "${p}" has an empty alternative`).not.toMatch(/\|\s|\s\||^\||\|$/);
        }
      }
    });
  }
});

import { describe, expect, it } from 'vitest';
import { newDoc } from '../../model/document.js';
import { loadConfig } from '../../config/schema.js';
import { rootLogger } from '../../log.js';
import { STAGES } from './index.js';
import { documentScope, resolveActors, resolveAttribution } from '../fields/index.js';
import { findAttribution } from './45-attribution.js';

function prepared(text: string, language: string) {
  let d = newDoc({ id: 'x', source: text, language, published: null });
  const ctx = { config: loadConfig(), log: rootLogger };
  for (const s of STAGES.slice(0, 9)) d = s.run(d, ctx);
  return d;
}
function attribution(text: string, language = 'en') {
  const d = prepared(text, language);
  return resolveAttribution(d, documentScope(d)).value;
}
function roles(text: string, language: string): Record<string, string> {
  const d = prepared(text, language);
  return Object.fromEntries(resolveActors(d, documentScope(d)).value.map((a) => [a.name, a.role]));
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

// Sentences invented for these tests (not from any corpus).
describe('hedging and sources in Arabic and Russian', () => {
  const statuses: [string, string, string][] = [
    // text, language, status
    ['اتهمت المعارضة طائرات النظام بقصف المستشفى في المدينة.', 'ar', 'alleged'],
    ['وزعم ناشطون أن الطيران الروسي استخدم قنابل عنقودية في الغارة.', 'ar', 'alleged'],
    ['وتبنى تنظيم الدولة الإسلامية التفجير الذي استهدف السوق.', 'ar', 'claimed'],
    ['أعلنت الجماعة مسؤوليتها عن الهجوم على الحاجز.', 'ar', 'claimed'],
    ['ونفت وزارة الدفاع قصف القرية بالمدفعية.', 'ar', 'denied'],
    ['قصفت المدفعية أطراف البلدة صباح اليوم.', 'ar', 'stated'],
    ['Самолёты якобы сбросили бомбы на жилой квартал.', 'ru', 'alleged'],
    ['Украинскую сторону обвинили в обстреле школы.', 'ru', 'alleged'],
    ['Ответственность за нападение на колонну взяла на себя группировка.', 'ru', 'claimed'],
    ['Боевики взяли на себя ответственность за взрыв.', 'ru', 'claimed'],
    ['В министерстве обороны опровергли информацию об ударе по больнице.', 'ru', 'denied'],
    ['Артиллерия обстреляла окраину посёлка.', 'ru', 'stated'],
  ];
  for (const [text, lang, status] of statuses) it(`${text} -> ${status}`, () => expect(attribution(text, lang).status).toBe(status));

  const reporters: [string, string, string[]][] = [
    ['قتل خمسة مدنيين في القصف، بحسب المرصد السوري لحقوق الإنسان.', 'ar', ['SOHR']],
    ['وأفاد ناشطون بسقوط قذائف على الحي.', 'ar', ['activists']],
    ['وذكرت وكالة سانا أن انفجارا وقع في الحي.', 'ar', ['state media']],
    ['ونشر ناشطون على مواقع التواصل الاجتماعي صورا للدمار.', 'ar', ['activists', 'social media']],
    ['Активисты сообщили о новых ударах по городу.', 'ru', ['activists']],
    ['По данным Сирийской обсерватории по правам человека, погибли шесть человек.', 'ru', ['SOHR']],
    ['Как сообщает ТАСС со ссылкой на местные источники, взрыв прогремел утром.', 'ru', ['state media', 'local sources']],
    ['Видео обстрела появилось в соцсетях.', 'ru', ['social media']],
  ];
  for (const [text, lang, names] of reporters) {
    it(`${text} -> reporters ${names.join(', ')}`, () => expect(attribution(text, lang).reporters.map((r) => r.name)).toEqual(names));
  }

  it('tells official silence from confirmation', () => {
    expect(attribution('قصفت طائرات حربية البلدة. ولم يصدر أي تعليق رسمي على الغارات.', 'ar').officialConfirmation).toBe(false);
    expect(attribution('قصفت طائرات حربية البلدة. وأكدت وزارة الدفاع تنفيذ الغارات.', 'ar').officialConfirmation).toBe(true);
    expect(attribution('Самолёты нанесли удар по городу. В Минобороны ситуацию не комментируют.', 'ru').officialConfirmation).toBe(false);
    expect(attribution('Самолёты нанесли удар по городу. Минобороны подтвердило удар.', 'ru').officialConfirmation).toBe(true);
    expect(attribution('Самолёты нанесли удар по городу.', 'ru').officialConfirmation).toBeNull();
  });

  it('finds Arabic cues behind clitics and Russian cues in any ending', () => {
    expect(findAttribution('وبحسب مصادر محلية فإن القصف استمر', 'ar').sources.map((h) => h.value.name)).toEqual(['local sources']);
    expect(findAttribution('Власти обвиняют боевиков', 'ru').attribution.map((h) => h.value.status)).toEqual(['alleged']);
  });
});

describe('actor roles in Arabic and Russian', () => {
  const cases: [string, string, Record<string, string>][] = [
    // verb first: the actor after the verb acts; the actor after "positions of" is the target
    ['قصفت قوات النظام مواقع جبهة النصرة في الريف الجنوبي.', 'ar', { 'Military Forces of Syria': 'perpetrator', 'Jabhat al-Nusra': 'target' }],
    ['وشنت طائرات حربية روسية غارات على البلدة.', 'ar', { 'Military Forces of Russia': 'perpetrator' }],
    ['قتل مدنيون في قصف على يد قوات النظام.', 'ar', { 'Military Forces of Syria': 'perpetrator' }],
    ['Российская авиация нанесла удары по позициям ИГИЛ.', 'ru', { 'Military Forces of Russia': 'perpetrator', 'Islamic State': 'target' }],
    ['В результате обстрела со стороны ВСУ пострадали дома.', 'ru', { 'Military Forces of Ukraine': 'perpetrator' }],
    ['ВСУ обвиняются в обстреле посёлка.', 'ru', { 'Military Forces of Ukraine': 'perpetrator' }],
    // "X accused Y of shelling": Y, right after the accuser, is the alleged perpetrator
    ['اتهم ناشطون قوات النظام بقصف المستشفى.', 'ar', { 'Military Forces of Syria': 'perpetrator' }],
    // a denial of involvement does not make the denier the perpetrator
    ['В штабе ВСУ причастность к обстрелу отрицают.', 'ru', { 'Military Forces of Ukraine': 'participant' }],
  ];
  for (const [text, lang, want] of cases) it(`${text} -> ${JSON.stringify(want)}`, () => expect(roles(text, lang)).toMatchObject(want));
});

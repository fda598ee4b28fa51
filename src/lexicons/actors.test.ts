import { describe, expect, it } from 'vitest';
import { actorSide, findActors } from './actors.js';
import { joinArabicObfuscation } from '../extract/normalize/text.js';
import { extractDocument } from '../extract/pipeline.js';

/** Texts written for these tests. */
const first = (text: string) => {
  const h = findActors(text)[0];
  return h ? { name: h.value.name, rule: h.rule, text: h.text } : null;
};

describe('Arabic state forces: a platform, force or attack noun, modifiers, then a demonym', () => {
  it.each([
    ['طيران حربي روسي يقصف الأطراف', 'Military Forces of Russia', 'actor:state-platform', 'طيران حربي روسي'],
    ['شن الطيران الحربي الروسي غارات', 'Military Forces of Russia', 'actor:platform:mil-ru', 'الطيران الحربي الروسي'],
    ['قصفت طائرة من دون طيار روسية الموقع', 'Military Forces of Russia', 'actor:state-platform', 'طائرة من دون طيار روسية'],
    ['استهدفت طائرة مسيرة تركية سيارة', 'Military Forces of Turkey', 'actor:state-platform', 'طائرة مسيرة تركية'],
    ['قصفت طائرة مسيرة تابعة للاحتلال التركي القرية', 'Military Forces of Turkey', 'actor:state-platform', 'طائرة مسيرة تابعة للاحتلال التركي'],
    ['قصف مدفعي تركي على القرية', 'Military Forces of Turkey', 'actor:state-attack', 'قصف مدفعي تركي'],
    ['قصف مدفعي للقوات التركية على القرية', 'Military Forces of Turkey', 'actor:state-military', 'للقوات التركية'],
    ['أصيب مدنيون بغارات إسرائيلية على الريف', 'Military Forces of Israel', 'actor:state-attack', 'بغارات إسرائيلية'],
    ['مسيرات تركيا تواصل القصف', 'Military Forces of Turkey', 'actor:state-platform', 'مسيرات تركيا'],
    ['وصلت تعزيزات للقوات الأمريكية', 'Military Forces of United States', 'actor:state-military', 'للقوات الأمريكية'],
  ])('%s', (text, name, rule, span) => {
    expect(first(text)).toEqual({ name, rule, text: span });
  });

  it('a named group wins over a state phrase it contains (the SDF is not the Syrian army; the SNA neither)', () => {
    expect(first('هاجمت قوات سوريا الديمقراطية الموقع')?.name).toBe('QSD: Syrian Democratic Forces');
    expect(first('قصف الجيش الوطني السوري القرية')?.name).toBe('Syrian National Army');
  });

  it('an attack noun does not reach across a preposition to the attacked side', () => {
    // "an attack on the Turkish forces": Turkey is attacked; the force noun alone is found, not an attack by Turkey
    expect(findActors('هجوم على القوات التركية').map((h) => h.rule)).toEqual(['actor:mil-tr']);
  });

  it('clitics and the article are folded: "لقوات النظام" is the regime forces', () => {
    expect(first('قصف مدفعي لقوات النظام على البلدة')?.name).toBe('Military Forces of Syria');
  });
});

describe('English platforms name their owner', () => {
  it.each([
    ['Russian warplanes bombed the town', 'actor:state-platform'],
    ['a Turkish drone hit a car', 'actor:state-platform'],
    ['Turkish troops entered the village', 'actor:state-military'],
    ['coalition aircraft struck a house', 'actor:platform:global-coalition'],
  ])('%s', (text, rule) => {
    expect(findActors(text)[0]?.rule).toBe(rule);
  });
});

describe('sides of Syria\'s belligerents', () => {
  it.each([
    [{ name: 'Syrian National Army' }, 'Turkey'],
    [{ name: 'Military Forces of United Kingdom', country: 'GB' }, 'US-led coalition'],
    [{ name: 'Global Coalition Against Daesh' }, 'US-led coalition'],
    [{ name: "YPG: People's Protection Units" }, 'Kurdish-led forces'],
    [{ name: 'Hezbollah' }, 'Iran'],
    [{ name: 'Military Forces of Russia', country: 'RU' }, 'Russia'],
    [{ name: 'Rebels' }, 'Rebels'],
  ])('%j -> %s', (actor, side) => {
    expect(actorSide(actor)).toBe(side);
  });
});

describe('words broken to slip past filters are joined, offsets kept', () => {
  it.each([
    ['قـ.ـوات النظام', 'قوات النظام'],
    ['الشـ..هيد', 'الشهيد'],
    ['بطـ ـيران التـ ـحالف', 'بطيران التحالف'],
    ['حر*اس الدين', 'حراس الدين'],
    ['الرحمة للشهد.اء والشفاء للجر.حى', 'الرحمة للشهداء والشفاء للجرحى'],
    ['نهاية الجملة.بداية أخرى', null],
    ['no Arabic here *', null],
  ])('%s', (input, want) => {
    const r = joinArabicObfuscation(input);
    expect(r?.text ?? null).toBe(want);
    if (r) for (let i = 0; i < r.text.length; i++) expect(input[r.map[i]!]).toBe(r.text[i]);
  });
});

describe('perpetrator of a strike: the owner of the platform', () => {
  const perpetrators = (text: string, language = 'ar') => {
    const r = extractDocument({ id: 't', source: text, language, published: '2024-03-02' });
    if (!r.ok) throw new Error(r.error.message);
    const e = r.doc.events.find((x) => !x.historical);
    return e ? e.actors.filter((a) => a.role === 'perpetrator').map((a) => a.name) : null;
  };
  it.each([
    ['طيران حربي روسي يستهدف أطراف قرية معرة حرمة بريف إدلب الجنوبي', ['Military Forces of Russia']],
    ['استشهد رجلان جراء قصف بطائرة مسيرة تركية على قرية قرب القامشلي', ['Military Forces of Turkey']],
    ['شنت قسد مدعومة بطيران التحالف الدولي غارات على مواقع في ريف دير الزور الشرقي', ['Global Coalition Against Daesh', 'QSD: Syrian Democratic Forces']],
    ['Russian warplanes bombed the outskirts of Maarat Harma, southern Idlib, killing 2 civilians', ['Military Forces of Russia'], 'en'],
  ])('%s', (text, want, language) => {
    expect(perpetrators(text, language)).toEqual(want);
  });
  it('a strike with no stated attacker inherits the one attacker the report states for strikes of its kind', () => {
    const text = 'قصف صاروخي على أطراف بلدة الأبزمو غربي حلب.\n\nقصف صاروخي من قوات النظام على أطراف بلدة معارة النعسان شرقي إدلب.';
    const r = extractDocument({ id: 't', source: text, language: 'ar', published: null });
    if (!r.ok) throw new Error(r.error.message);
    const first = r.doc.events[0]!;
    expect(first.actors.find((a) => a.role === 'perpetrator')?.name).toBe('Military Forces of Syria');
  });
  it('a bare "طائرة تركية" is no military platform (an airliner may be Turkish); "طائرة حربية تركية" is', () => {
    expect(findActors('هبطت طائرة تركية في المطار')).toEqual([]);
    expect(first('قصفت طائرة حربية تركية القرية')?.name).toBe('Military Forces of Turkey');
  });
  it('a platform that is shot down is the target, not the attacker', () => {
    const r = extractDocument({ id: 't', source: 'Fighters shot down a Turkish drone near the town of Tal Tamr.', language: 'en', published: null });
    if (!r.ok) throw new Error(r.error.message);
    const tr = r.doc.events.flatMap((e) => e.actors).find((a) => a.name === 'Military Forces of Turkey');
    expect(tr?.role).toBe('target');
  });
});

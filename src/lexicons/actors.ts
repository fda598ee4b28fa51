/**
 * The actor registry (actors.json) compiled into matchers:
 *  - named groups and their aliases ("al-Nusra Front", "Jabhat Fateh al-Sham" -> Jabhat al-Nusra);
 *  - state forces from a demonym table: "<Demonym|Country('s)> [regime|government|...] <military word>"
 *    -> "Military Forces of <Country>", "<Demonym> police" -> "Police Forces of <Country>";
 *  - generic groups (protesters, rioters, civilians, unidentified gunmen, rebels).
 */
import type { ActorValue } from '../model/document.js';
import { AliasMatcher, lexicon } from './index.js';
import { foldToken, PhraseMatcher, tokenize, type Token } from '../extract/classify/phrase-matcher.js';

interface ActorEntry {
  id: string;
  name: string;
  category: string;
  aliases: string[];
  acronyms?: string[];
  /** The belligerent side the group is counted on ("Turkey" for the Syrian National Army). */
  side?: string;
  country?: string;
}
/** Arabic state forces as token phrases (actors.json "arabicStates"). */
interface ArabicStates {
  platformNouns: string[];
  forceNouns: string[];
  attackNouns: string[];
  /** Words that may stand between a platform or force noun and the demonym ('طائرة مسيرة تركية', 'قوات الاحتلال التركي'). */
  modifiers: string[];
  /** Words that may stand between an attack noun and the demonym ('قصف مدفعي تركي'). */
  attackModifiers: string[];
  /** Most modifiers between a noun and its demonym. */
  gap: number;
  /** Heads that need at least one modifier ('طائرة مسيرة تركية', not 'طائرة تركية': an airliner may be Turkish). */
  platformNeedsModifier?: string[];
  /** Country code -> folded demonyms and country names. */
  demonyms: Record<string, string[]>;
}
interface Country {
  code: string;
  name: string;
  demonyms: string[];
}
export interface ActorRegistry {
  militaryWords: string[];
  policeWords: string[];
  stateTemplate: { military: string; police: string };
  countries: Country[];
  attackWords: string[];
  pluralDemonyms: Record<string, string>;
  actors: ActorEntry[];
  generic: ActorEntry[];
  /** English role words that name a platform or weapon ('warplanes', 'drone'): its owner is the strike's perpetrator. */
  platformWords: string[];
  arabicStates: ArabicStates;
  /** Country code -> side ('US' and 'GB' -> 'US-led coalition'). */
  countrySides: Record<string, string>;
}

export interface ActorHit {
  start: number;
  end: number;
  text: string;
  value: ActorValue;
  rule: string;
}

interface Compiled {
  named: AliasMatcher<NamedValue>;
  state: RegExp;
  countryByWord: Map<string, Country>;
  /** Lower-cased words that open a country word of several ("south" of "south sudanese", "saudi" of "saudi arabia"). */
  firstOfSeveral: Set<string>;
  police: Set<string>;
  attack: Set<string>;
  plural: RegExp;
  pluralCountry: Map<string, Country>;
  template: ActorRegistry['stateTemplate'];
  platform: Set<string>;
  /** Arabic named aliases, matched on tokens (clitics and the article folded away). */
  arabic: PhraseMatcher<ArabicEntry>;
  arabicStates: ArabicStateSets;
  /** Actor name -> side. */
  sides: Map<string, string>;
  countrySides: Record<string, string>;
}
/** actors.json "arabicStates" folded for token lookup. */
interface ArabicStateSets {
  /** Head noun -> rule (platform, force or attack noun). */
  heads: Map<string, string>;
  modifiers: Set<string>;
  attackModifiers: Set<string>;
  demonym: Map<string, ActorValue>;
  gap: number;
  needsModifier: Set<string>;
}
/** A named actor as the alias matcher returns it; `platform`: the alias names the group's aircraft or drones. */
type NamedValue = ActorValue & { platform?: boolean };
interface ArabicEntry {
  value: ActorValue;
  rule: string;
  /** Named groups win over a state phrase of the same length ('الجيش الوطني السوري' is the SNA, not Syria's army). */
  named: boolean;
}

let compiled: Compiled | undefined;
/** Capitalized words (demonyms and country names are capitalized: "Russian forces", not "us forces").
 * (?<![a-zA-Z0-9]) is implied by the Unicode lookbehind after it and is only there because it is cheaper to test. */
const CAP = /(?<![a-zA-Z0-9])(?<![\p{L}\p{N}])\p{Lu}[\p{L}.]*(?:-led|-backed)?/gu;

const ARABIC = /[\u0600-\u06FF]/;

/** Does an alias name a platform or weapon ('coalition aircraft', 'طيران التحالف')? Its owner then carried out the strike. */
function aliasNamesPlatform(alias: string, reg: ActorRegistry): boolean {
  const words = alias.toLowerCase().split(/[\s-]+/);
  const en = reg.platformWords.map((w) => w.toLowerCase());
  if (en.some((w) => alias.toLowerCase().endsWith(` ${w}`))) return true;
  const first = foldToken(words[0] ?? '').replace(/^ال/, '');
  return reg.arabicStates.platformNouns.includes(first);
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[-\s]+/g, '[-\\s]?');

function compile(): Compiled {
  if (compiled) return compiled;
  const reg = lexicon<ActorRegistry>('actors');
  const items: { alias: string; entry: NamedValue }[] = [];
  const arabic = new PhraseMatcher<ArabicEntry>();
  const sides = new Map<string, string>();
  for (const group of [reg.actors, reg.generic]) {
    for (const a of group) {
      const value: ActorValue = { actorId: a.id, name: a.name, category: a.category };
      if (a.country) value.country = a.country;
      if (a.side) sides.set(a.name, a.side);
      const named: ArabicEntry = { value, rule: `actor:${a.id}`, named: true };
      // An alias naming the group's aircraft or drones ('coalition aircraft', 'طيران التحالف') names the owner of a platform.
      const platformNamed: ArabicEntry = { value, rule: `actor:platform:${a.id}`, named: true };
      for (const alias of [...a.aliases, ...(a.acronyms ?? [])]) {
        const platform = aliasNamesPlatform(alias, reg);
        // Arabic aliases are matched on tokens, so that 'لقوات النظام' (for the regime forces) and 'والتحالف الدولي' match.
        if (ARABIC.test(alias)) arabic.add(alias, platform ? platformNamed : named);
        else items.push({ alias, entry: platform ? { ...value, platform: true } : value });
      }
    }
  }
  const ar = reg.arabicStates;
  const byCode0 = new Map(reg.countries.map((c) => [c.code, c]));
  const demonym = new Map<string, ActorValue>();
  for (const [code, words] of Object.entries(ar.demonyms)) {
    const country = byCode0.get(code);
    if (!country) throw new Error(`actors.json arabicStates: unknown country ${code}`);
    const value: ActorValue = { actorId: `mil-${code.toLowerCase()}`, name: reg.stateTemplate.military.replace('{country}', country.name), category: 'state', country: code };
    for (const w of words) demonym.set(foldToken(w), value);
  }
  const fold = (list: string[]) => new Set(list.map(foldToken));
  const arabicStates: ArabicStateSets = {
    heads: new Map<string, string>([
      ...[...fold(ar.attackNouns)].map((w) => [w, 'actor:state-attack'] as [string, string]),
      ...[...fold(ar.forceNouns)].map((w) => [w, 'actor:state-military'] as [string, string]),
      ...[...fold(ar.platformNouns)].map((w) => [w, 'actor:state-platform'] as [string, string]),
    ]),
    modifiers: fold(ar.modifiers),
    attackModifiers: fold(ar.attackModifiers),
    demonym,
    gap: ar.gap,
    needsModifier: fold(ar.platformNeedsModifier ?? []),
  };
  const countryByWord = new Map<string, Country>();
  for (const c of reg.countries) for (const w of [c.name, ...c.demonyms]) countryByWord.set(w.toLowerCase(), c);
  const firstOfSeveral = new Set<string>();
  for (const w of countryByWord.keys()) for (let i = 0; i < w.length; i++) if (/[\s-]/.test(w[i])) firstOfSeveral.add(w.slice(0, i));
  const words = [...countryByWord.keys()].sort((a, b) => b.length - a.length).map(esc).join('|');
  const roles = [...reg.militaryWords, ...reg.policeWords, ...reg.attackWords].sort((a, b) => b.length - a.length).map(esc).join('|');
  // Anchored at a country word found by token lookup (see findActors): modifiers, then the role word.
  const state = new RegExp(
    `(?:['’]s)?\\s+(?:(?:pro-government|government|regime|state|armed|allied|backed|led|military|air|special|security)\\s+){0,2}(?<role>${roles})(?![\\p{L}\\p{N}])`,
    'iuy',
  );
  void words;
  const byCode = new Map(reg.countries.map((c) => [c.code, c]));
  const pluralCountry = new Map<string, Country>();
  for (const [w, code] of Object.entries(reg.pluralDemonyms)) {
    const c = byCode.get(code);
    if (c) pluralCountry.set(w, c);
  }
  const plural = new RegExp(`(?<![\\p{L}])the\\s+(?<w>${[...pluralCountry.keys()].map(esc).join('|')})(?![\\p{L}])`, 'gu');
  compiled = {
    named: new AliasMatcher(items),
    state,
    countryByWord,
    firstOfSeveral,
    police: new Set(reg.policeWords.map((w) => w.toLowerCase())),
    attack: new Set(reg.attackWords.map((w) => w.toLowerCase().replace(/[-\s]+/g, ' '))),
    plural,
    pluralCountry,
    template: reg.stateTemplate,
    platform: new Set(reg.platformWords.map((w) => w.toLowerCase().replace(/[-\s]+/g, ' '))),
    arabic,
    arabicStates,
    sides,
    countrySides: reg.countrySides,
  };
  return compiled;
}

/** Actor mentions in a text (pure). */
export function findActors(text: string): ActorHit[] {
  const c = compile();
  const out: ActorHit[] = [];
  // candidate country words: capitalized tokens (and two-word names such as "South Sudanese", "Saudi-led")
  let m: RegExpExecArray | null;
  CAP.lastIndex = 0;
  while ((m = CAP.exec(text)) !== null) {
    let country: Country | undefined;
    let wordEnd = 0;
    // longest first: "South African" before "South" (only a word that opens a longer country word can start one)
    const lower = m[0].toLowerCase();
    const two = c.firstOfSeveral.has(lower) ? /^[\s-]+\p{Lu}[\p{L}.]*/u.exec(text.slice(m.index + m[0].length, m.index + m[0].length + 24)) : null;
    if (two) {
      const w2 = text.slice(m.index, m.index + m[0].length + two[0].length);
      country = c.countryByWord.get(w2.toLowerCase().replace(/\s+/g, ' '));
      if (country) wordEnd = m.index + w2.length;
    }
    if (!country) {
      country = c.countryByWord.get(lower);
      if (country) wordEnd = m.index + m[0].length;
    }
    if (!country) continue;
    c.state.lastIndex = wordEnd;
    const sm = c.state.exec(text);
    if (!sm) continue;
    let start = m.index;
    const the = /\bthe\s+$/i.exec(text.slice(Math.max(0, start - 4), start));
    if (the) start -= the[0].length;
    const end = wordEnd + sm[0].length;
    const role = sm.groups!.role.toLowerCase().replace(/[-\s]+/g, ' ');
    const police = c.police.has(role);
    const attack = c.attack.has(role);
    const platform = !attack && c.platform.has(role);
    const name = (police ? c.template.police : c.template.military).replace('{country}', country.name);
    out.push({
      start,
      end,
      text: text.slice(start, end),
      value: { actorId: `${police ? 'police' : 'mil'}-${country.code.toLowerCase()}`, name, category: 'state', country: country.code },
      rule: `actor:state-${police ? 'police' : attack ? 'attack' : platform ? 'platform' : 'military'}`,
    });
    CAP.lastIndex = end;
  }
  c.plural.lastIndex = 0;
  while ((m = c.plural.exec(text)) !== null) {
    const country = c.pluralCountry.get(m.groups!.w)!;
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      text: m[0],
      value: { actorId: `mil-${country.code.toLowerCase()}`, name: c.template.military.replace('{country}', country.name), category: 'state', country: country.code },
      rule: 'actor:state-plural',
    });
  }
  for (const h of c.named.find(text)) {
    if (out.some((o) => h.start < o.end && h.end > o.start)) continue;
    const { platform, ...value } = h.entry;
    out.push({ start: h.start, end: h.end, text: h.text, value, rule: platform ? `actor:platform:${value.actorId}` : `actor:${value.actorId}` });
  }
  if (ARABIC.test(text)) {
    for (const h of arabicActors(c, text)) if (!out.some((o) => h.start < o.end && h.end > o.start)) out.push(h);
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Arabic actor phrases, overlaps resolved longest first (a named group wins a tie):
 * 'قوات سوريا الديمقراطية' is the SDF, not 'قوات سوريا'; 'قصف مدفعي للقوات التركية' is Turkish shelling.
 */
function arabicActors(c: Compiled, text: string): ActorHit[] {
  const tokens = tokenize(text);
  const ms: { start: number; end: number; len: number; value: ActorValue; rule: string; named: boolean }[] = [];
  for (const m of c.arabic.match(tokens)) ms.push({ start: m.start, end: m.end, len: m.tokenEnd - m.tokenStart, value: m.entry.value, rule: m.entry.rule, named: true });
  for (const h of arabicStateHits(c.arabicStates, tokens)) ms.push({ ...h, named: false });
  ms.sort((a, b) => b.len - a.len || Number(b.named) - Number(a.named) || a.start - b.start);
  const out: ActorHit[] = [];
  for (const m of ms) {
    if (out.some((o) => m.start < o.end && m.end > o.start)) continue;
    out.push({ start: m.start, end: m.end, text: text.slice(m.start, m.end), value: m.value, rule: m.rule });
  }
  return out;
}

/** The token's folded forms: as written, then without its clitics ('والقوات' -> 'قوات'). */
function* formsOf(t: Token): Generator<string> {
  yield t.norm;
  if (t.alts) yield* t.alts;
}
function lookup<V>(t: Token, map: Map<string, V>): V | undefined {
  for (const f of formsOf(t)) {
    const v = map.get(f);
    if (v !== undefined) return v;
  }
  return undefined;
}
function within(t: Token, set: Set<string>): boolean {
  for (const f of formsOf(t)) if (set.has(f)) return true;
  return false;
}

/**
 * Arabic state forces: a head noun (platform, force or attack), up to `gap` modifier words (one for an attack noun),
 * then a demonym or country name: 'طيران حربي روسي', 'طائرة مسيرة تابعة للاحتلال التركي', 'قصف مدفعي تركي'.
 */
function arabicStateHits(s: ArabicStateSets, tokens: Token[]): { start: number; end: number; len: number; value: ActorValue; rule: string }[] {
  const out: { start: number; end: number; len: number; value: ActorValue; rule: string }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const rule = lookup(tokens[i]!, s.heads);
    if (!rule) continue;
    const attack = rule === 'actor:state-attack';
    const mods = attack ? s.attackModifiers : s.modifiers;
    const gap = attack ? 1 : s.gap;
    const minJ = within(tokens[i]!, s.needsModifier) ? i + 2 : i + 1;
    for (let j = i + 1; j < tokens.length && j <= i + 1 + gap; j++) {
      const value = j >= minJ ? lookup(tokens[j]!, s.demonym) : undefined;
      if (value) {
        out.push({ start: tokens[i]!.start, end: tokens[j]!.end, len: j - i, value, rule });
        break;
      }
      if (!within(tokens[j]!, mods)) break;
    }
  }
  return out;
}

/**
 * The side an actor is counted on when perpetrators are compared (Syria's belligerents): a group's registry side
 * ('Syrian National Army' -> 'Turkey'), a state's forces by country ('Military Forces of United Kingdom' ->
 * 'US-led coalition'), else the actor's own name.
 */
export function actorSide(actor: { name: string; country?: string | null }): string {
  const c = compile();
  const named = c.sides.get(actor.name);
  if (named) return named;
  if (actor.country && c.countrySides[actor.country]) return c.countrySides[actor.country]!;
  return actor.name;
}

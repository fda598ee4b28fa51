/**
 * The actor registry (actors.json) compiled into matchers:
 *  - named groups and their aliases ("al-Nusra Front", "Jabhat Fateh al-Sham" -> Jabhat al-Nusra);
 *  - state forces from a demonym table: "<Demonym|Country('s)> [regime|government|...] <military word>"
 *    -> "Military Forces of <Country>", "<Demonym> police" -> "Police Forces of <Country>";
 *  - generic groups (protesters, rioters, civilians, unidentified gunmen, rebels).
 */
import type { ActorValue } from '../model/document.js';
import { AliasMatcher, lexicon } from './index.js';

interface ActorEntry {
  id: string;
  name: string;
  category: string;
  aliases: string[];
  acronyms?: string[];
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
}

export interface ActorHit {
  start: number;
  end: number;
  text: string;
  value: ActorValue;
  rule: string;
}

interface Compiled {
  named: AliasMatcher<ActorValue>;
  state: RegExp;
  countryByWord: Map<string, Country>;
  /** Lower-cased words that open a country word of several ("south" of "south sudanese", "saudi" of "saudi arabia"). */
  firstOfSeveral: Set<string>;
  police: Set<string>;
  attack: Set<string>;
  plural: RegExp;
  pluralCountry: Map<string, Country>;
  template: ActorRegistry['stateTemplate'];
}

let compiled: Compiled | undefined;
/** Capitalized words (demonyms and country names are capitalized: "Russian forces", not "us forces").
 * (?<![a-zA-Z0-9]) is implied by the Unicode lookbehind after it and is only there because it is cheaper to test. */
const CAP = /(?<![a-zA-Z0-9])(?<![\p{L}\p{N}])\p{Lu}[\p{L}.]*(?:-led|-backed)?/gu;

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[-\s]+/g, '[-\\s]?');

function compile(): Compiled {
  if (compiled) return compiled;
  const reg = lexicon<ActorRegistry>('actors');
  const items: { alias: string; entry: ActorValue }[] = [];
  for (const group of [reg.actors, reg.generic]) {
    for (const a of group) {
      const value: ActorValue = { actorId: a.id, name: a.name, category: a.category };
      for (const alias of [...a.aliases, ...(a.acronyms ?? [])]) items.push({ alias, entry: value });
    }
  }
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
    const name = (police ? c.template.police : c.template.military).replace('{country}', country.name);
    out.push({
      start,
      end,
      text: text.slice(start, end),
      value: { actorId: `${police ? 'police' : 'mil'}-${country.code.toLowerCase()}`, name, category: 'state', country: country.code },
      rule: `actor:state-${police ? 'police' : attack ? 'attack' : 'military'}`,
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
    out.push({ start: h.start, end: h.end, text: h.text, value: h.entry, rule: `actor:${h.entry.actorId}` });
  }
  return out.sort((a, b) => a.start - b.start);
}

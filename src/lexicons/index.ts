/**
 * Lexicons: curated, language-independent data (actor registry, weapons) as JSON files in this folder,
 * loaded once and cached, apart from the code that applies them (same pattern as src/extract/lang).
 *
 *   lexicon<ActorRegistry>('actors')  ->  contents of ./actors.json
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourceDataPath } from '../data-path.js';

function root(): string {
  return sourceDataPath(import.meta.url, '.');
}

const cache = new Map<string, unknown>();

export function lexicon<T>(name: string): T {
  if (cache.has(name)) return cache.get(name) as T;
  const file = join(root(), `${name}.json`);
  if (!existsSync(file)) throw new Error(`lexicon ${name} not found at ${file}`);
  const value = JSON.parse(readFileSync(file, 'utf8')) as T;
  cache.set(name, value);
  return value;
}

/** Escape an alias for a regular expression; spaces and hyphens match either ("air-fuel" ~ "air fuel"). */
export function aliasPattern(alias: string): string {
  return alias
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/[’']/g, "['’]?")
    .replace(/(?:\\-|-|\s)+/g, '[-\\s]?');
}

/** Key used to look up a matched alias: lower case, spaces/hyphens/apostrophes folded. */
export function aliasKey(s: string): string {
  return s.toLowerCase().replace(/[’']/g, '').replace(/[-\s]+/g, ' ').trim();
}

/** An alias that must match case-sensitively: acronyms and designations ("IS", "SDF", "Su-24", "RBK-500"). */
export function isCaseSensitive(alias: string): boolean {
  return /\d/.test(alias) || /^[A-Z][A-Z.-]*$/.test(alias) || /^[A-Z]{2,}/.test(alias);
}

export interface AliasHit<T> {
  start: number;
  end: number;
  text: string;
  entry: T;
  alias: string;
}

/** What an alias stands for, and the alias as written in the lexicon. */
interface AliasTarget<T> {
  entry: T;
  alias: string;
}

/** Matched texts remembered per matcher regex (AliasMatcher csMemo / ciMemo); cleared when full, so memory stays bounded. */
const MEMO_MAX = 20_000;

/**
 * The alternation of a list of aliases (already in match order), with the aliases grouped by their first letter:
 * "air strike|artillery|bomb" -> "a(?:ir[-\s]?strike|rtillery)|b(?:omb)". Same matches as the flat list: at a text
 * position only the group of the letter found there can match (first letters of different groups differ, also
 * case-folded: the groups are formed with the regex's own flags), and inside a group the order is kept, so the first
 * alias that matches is the same. The engine then tries one group per position instead of every alias (the
 * case-insensitive ACLED scans take about half the time). Falls back to the flat list when an alias does not open
 * with a letter or digit.
 */
function alternation(list: string[], flags: string): string {
  const groups: { first: string; same: RegExp; rests: string[] }[] = [];
  for (const alias of list) {
    const first = String.fromCodePoint(alias.codePointAt(0)!);
    const rest = alias.slice(first.length);
    if (!/^[\p{L}\p{N}]$/u.test(first) || first + aliasPattern(rest) !== aliasPattern(alias)) return list.map(aliasPattern).join('|');
    let g = groups.find((x) => x.same.test(first));
    if (!g) groups.push((g = { first, same: new RegExp(`^${first}$`, flags.replace('g', '')), rests: [] }));
    g.rests.push(aliasPattern(rest));
  }
  return groups.map((g) => `${g.first}(?:${g.rests.join('|')})`).join('|');
}

/**
 * A compiled alias matcher: two regular expressions (case-sensitive and case-insensitive aliases),
 * each an alternation sorted longest first, so "Mi-8AMTSh" wins over "Mi-8". Built once per lexicon.
 */
export class AliasMatcher<T> {
  private cs: RegExp | null;
  private ci: RegExp | null;
  private csMap = new Map<string, AliasTarget<T>>();
  private ciMap = new Map<string, AliasTarget<T>>();
  /** Matched text -> its lexicon entry (null: none), per regex: saves aliasKey's replaces on texts seen before. */
  private csMemo = new Map<string, AliasTarget<T> | null>();
  private ciMemo = new Map<string, AliasTarget<T> | null>();

  constructor(items: { alias: string; entry: T }[], opts: { plural?: boolean } = {}) {
    const cs: string[] = [];
    const ci: string[] = [];
    for (const { alias, entry } of items) {
      if (isCaseSensitive(alias)) {
        this.csMap.set(aliasKey(alias), { entry, alias });
        cs.push(alias);
      } else {
        if (!this.ciMap.has(aliasKey(alias))) this.ciMap.set(aliasKey(alias), { entry, alias });
        ci.push(alias);
      }
    }
    const build = (list: string[], flags: string, plural: boolean) => {
      if (!list.length) return null;
      const alts = alternation([...new Set(list)].sort((a, b) => b.length - a.length), flags);
      // (?<![a-zA-Z0-9]) first: implied by the full Unicode lookbehind after it, but far cheaper to test, and it
      // turns away most positions (inside an ASCII word) before the Unicode class is consulted.
      return new RegExp(`(?<![a-zA-Z0-9])(?<![\\p{L}\\p{N}])(?:${alts})${plural ? '(?:s|es)?' : ''}(?![\\p{L}\\p{N}])`, flags);
    };
    this.cs = build(cs, 'gu', false);
    this.ci = build(ci, 'giu', opts.plural ?? false);
  }

  find(text: string): AliasHit<T>[] {
    const cs = this.cs ? this.scan(text, this.cs, this.csMap, this.csMemo) : [];
    const ci = this.ci ? this.scan(text, this.ci, this.ciMap, this.ciMemo) : [];
    // One regex's matches are in text order and never overlap: only two non-empty lists need merging.
    if (!cs.length) return ci;
    if (!ci.length) return cs;
    const hits = cs.concat(ci);
    // keep the longest of overlapping hits
    hits.sort((a, b) => a.start - b.start || b.end - a.end);
    const out: AliasHit<T>[] = [];
    for (const h of hits) {
      const last = out[out.length - 1];
      if (last && h.start < last.end) {
        if (h.end - h.start > last.end - last.start) out[out.length - 1] = h;
        continue;
      }
      out.push(h);
    }
    return out;
  }

  private scan(text: string, re: RegExp, map: Map<string, AliasTarget<T>>, memo: Map<string, AliasTarget<T> | null>): AliasHit<T>[] {
    const hits: AliasHit<T>[] = [];
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const s = m[0];
      let hit = memo.get(s);
      if (hit === undefined) {
        const key = aliasKey(s);
        hit = map.get(key) ?? map.get(key.replace(/e?s$/, '')) ?? null;
        if (memo.size >= MEMO_MAX) memo.clear();
        memo.set(s, hit);
      }
      if (hit) hits.push({ start: m.index, end: m.index + s.length, text: s, entry: hit.entry, alias: hit.alias });
    }
    return hits;
  }
}

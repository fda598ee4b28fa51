/**
 * Lexicons: curated, language-independent data (actor registry, weapons) as JSON files in this folder,
 * loaded once and cached, apart from the code that applies them (same pattern as src/extract/lang).
 *
 *   lexicon<ActorRegistry>('actors')  ->  contents of ./actors.json
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function root(): string {
  return dirname(fileURLToPath(import.meta.url)).replace(/([\\/])dist([\\/])/, '$1src$2');
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

/**
 * A compiled alias matcher: two regular expressions (case-sensitive and case-insensitive aliases),
 * each an alternation sorted longest first, so "Mi-8AMTSh" wins over "Mi-8". Built once per lexicon.
 */
export class AliasMatcher<T> {
  private cs: RegExp | null;
  private ci: RegExp | null;
  private csMap = new Map<string, { entry: T; alias: string }>();
  private ciMap = new Map<string, { entry: T; alias: string }>();

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
      const alts = [...new Set(list)].sort((a, b) => b.length - a.length).map(aliasPattern).join('|');
      return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alts})${plural ? '(?:s|es)?' : ''}(?![\\p{L}\\p{N}])`, flags);
    };
    this.cs = build(cs, 'gu', false);
    this.ci = build(ci, 'giu', opts.plural ?? false);
  }

  find(text: string): AliasHit<T>[] {
    const hits: AliasHit<T>[] = [];
    const run = (re: RegExp | null, map: Map<string, { entry: T; alias: string }>) => {
      if (!re) return;
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text)) !== null) {
        const key = aliasKey(m[0]);
        const hit = map.get(key) ?? map.get(key.replace(/e?s$/, ''));
        if (hit) hits.push({ start: m.index, end: m.index + m[0].length, text: m[0], entry: hit.entry, alias: hit.alias });
      }
    };
    run(this.cs, this.csMap);
    run(this.ci, this.ciMap);
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
}

/**
 * Language packs: per-language data (trigger words, number words, date words, hedges, boilerplate)
 * as JSON files in ./<iso639-1>/<name>.json, apart from the code that applies them.
 * English (en), Arabic (ar) and Russian (ru) packs ship; a file a pack lacks falls back to English (packFor). A pack
 * may write its phrase lists in the token phrase syntax of classify/phrase-matcher.ts ("syntax": "phrases", as ar and
 * ru hedges.json / sources.json do) so that Arabic clitics and Russian endings match; lang-packs.test.ts checks that
 * every pack has the English pack's fields and that its patterns compile.
 *
 *   langData<TriggerTable>('en', 'triggers')  ->  contents of ./en/triggers.json (cached), or null if the pack lacks it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourceDataPath } from '../../data-path.js';

/** JSON packs live in src/; the compiled code in dist/ reads them from there too. */
function packRoot(): string {
  return sourceDataPath(import.meta.url, '.');
}

/** language -> pack file name -> contents (null when the pack lacks the file); nested so a lookup builds no key string */
const cache = new Map<string, Map<string, unknown>>();

export function langData<T>(lang: string, name: string): T | null {
  let files = cache.get(lang);
  if (!files) cache.set(lang, (files = new Map()));
  if (files.has(name)) return files.get(name) as T | null;
  const file = join(packRoot(), lang, `${name}.json`);
  const value = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : null;
  files.set(name, value);
  return value;
}

/** packFor answers, per language (null/undefined as '') and file name: stages ask once per document. */
const chosen = new Map<string, Map<string, { lang: string; data: unknown }>>();

/** The pack to use for a document: its own language if a pack exists, else English. */
export function packFor(lang: string | null | undefined, name: string): { lang: string; data: unknown } {
  const key = lang || '';
  let byName = chosen.get(key);
  if (!byName) chosen.set(key, (byName = new Map()));
  let p = byName.get(name);
  if (!p) {
    p = lang && langData(lang, name) !== null ? { lang, data: langData(lang, name) } : { lang: 'en', data: langData('en', name) };
    byName.set(name, p);
  }
  return p;
}

export const SUPPORTED_LANGUAGES = ['en', 'ar', 'ru'] as const;

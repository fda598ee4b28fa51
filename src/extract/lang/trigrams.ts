/**
 * francAll(value, { only, minLength }) from franc 6 (same models, same arithmetic, same order, same ties), computed
 * with one lookup per distinct trigram of the text instead of one per trigram and candidate language: franc keeps each
 * language model as a plain object and its trigram counts in another, and detecting the language of a short report
 * cost about as much as finding all its dates. The models and script expressions are franc's own files.
 *
 * Steps as in franc/index.js and trigram-utils: the script with the most characters (first wins ties) picks the model
 * set; the text is cleaned (U+0021-U+0040 runs and white space to one space, trimmed, lower case), padded with a space
 * each side and cut into trigrams; trigrams are counted in order of first appearance, sorted by count (stable); each
 * allowed language's distance sums |count - rank - 1| over them, 300 for a trigram the model lacks; languages are
 * sorted by distance (stable) and the distances normalized.
 */
import { data } from 'franc/data.js';
import { expressions } from 'franc/expressions.js';

const MAX_LENGTH = 2048;
const MAX_DIFFERENCE = 300;

interface ScriptModels {
  languages: string[];
  /** trigram -> rank in each language's model (index as in `languages`), -1 where the model lacks it. */
  ranks: Map<string, Int32Array>;
}
const models = new Map<string, ScriptModels>();

function modelsFor(script: string): ScriptModels {
  let m = models.get(script);
  if (m) return m;
  const languages = Object.keys(data[script]);
  const ranks = new Map<string, Int32Array>();
  languages.forEach((name, li) => {
    const model = data[script][name].split('|');
    // franc assigns from the end, so a trigram listed twice keeps its first (lowest) rank
    for (let weight = model.length - 1; weight >= 0; weight--) {
      let row = ranks.get(model[weight]);
      if (!row) ranks.set(model[weight], (row = new Int32Array(languages.length).fill(-1)));
      row[li] = weight;
    }
  });
  m = { languages, ranks };
  models.set(script, m);
  return m;
}

function topScript(value: string): [string | undefined, number] {
  let topCount = -1;
  let top: string | undefined;
  for (const script in expressions) {
    const found = value.match(expressions[script]);
    const count = (found ? found.length : 0) / value.length || 0;
    if (count > topCount) {
      topCount = count;
      top = script;
    }
  }
  return [top, topCount];
}

/** Trigram counts of franc's cleaned text, sorted by count (stable: first appearance first among equal counts). */
function trigramTuples(value: string): [string, number][] {
  const cleaned = ' ' + value.replace(/[\u0021-\u0040]+/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase() + ' ';
  const counts = new Map<string, number>();
  for (let i = 0; i + 3 <= cleaned.length; i++) {
    const t = cleaned.slice(i, i + 3);
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => a[1] - b[1]);
}

/** Same result as franc's francAll(value, { only, minLength }) (no `ignore` list). */
export function francRanked(value: string, only: readonly string[], minLength: number): [string, number][] {
  if (!value || value.length < minLength) return [['und', 1]];
  value = value.slice(0, MAX_LENGTH);
  const [script, count] = topScript(value);
  if (!script || !(script in data)) {
    if (!script || count === 0 || (only.length > 0 && !only.includes(script))) return [['und', 1]];
    return [[script, 1]];
  }
  const m = modelsFor(script);
  const allowed: number[] = [];
  m.languages.forEach((name, li) => {
    if (only.length === 0 || only.includes(name)) allowed.push(li);
  });
  let distances: [string, number][];
  if (allowed.length === 0) distances = [['und', 1]];
  else {
    const sum = new Array<number>(m.languages.length).fill(0);
    for (const [trigram, n] of trigramTuples(value)) {
      const row = m.ranks.get(trigram);
      for (const li of allowed) {
        const rank = row ? row[li] : -1;
        sum[li] += rank < 0 ? MAX_DIFFERENCE : Math.abs(n - rank - 1);
      }
    }
    distances = allowed.map((li) => [m.languages[li], sum[li]] as [string, number]).sort((a, b) => a[1] - b[1]);
  }
  const min = distances[0][1];
  const max = value.length * MAX_DIFFERENCE - min;
  for (const d of distances) d[1] = 1 - (d[1] - min) / max || 0;
  return distances;
}

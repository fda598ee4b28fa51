/**
 * How well can any content-based clusterer do on a gold file with `incident` (FORMAT.md)?
 * Reports that are byte-identical in text and publication date must get the same answer from such a clusterer, so
 * identical reports filed under different incidents are false pairs no rule can avoid. Prints that count and the
 * best pairwise precision / F1 (at perfect recall) over the documents that share an incident and over all of them.
 *
 *   npx tsx scripts/analysis/clustering-bound.ts ../shared/eval/dev/ucdp-syria-2016-2017.jsonl
 */
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: clustering-bound.ts GOLD.jsonl');
  process.exit(2);
}
const docs = readFileSync(file, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { text: string; published?: string | null; incident?: string })
  .filter((d) => d.incident);

const pairs = (n: number): number => (n * (n - 1)) / 2;
const size = new Map<string, number>();
for (const d of docs) size.set(d.incident!, (size.get(d.incident!) ?? 0) + 1);

function bound(population: typeof docs, label: string): void {
  const gold = new Map<string, number>();
  const same = new Map<string, Map<string, number>>(); // identical report -> incident -> count
  for (const d of population) {
    gold.set(d.incident!, (gold.get(d.incident!) ?? 0) + 1);
    const key = `${d.published ?? ''}\u0000${d.text}`;
    const m = same.get(key) ?? same.set(key, new Map()).get(key)!;
    m.set(d.incident!, (m.get(d.incident!) ?? 0) + 1);
  }
  let goldPairs = 0;
  for (const n of gold.values()) goldPairs += pairs(n);
  let identicalSame = 0;
  let identicalOther = 0;
  for (const m of same.values()) {
    let total = 0;
    for (const n of m.values()) {
      total += n;
      identicalSame += pairs(n);
    }
    identicalOther += pairs(total);
  }
  identicalOther -= identicalSame;
  const p = goldPairs / (goldPairs + identicalOther);
  console.log(
    `${label}: ${population.length} documents, ${goldPairs} gold pairs; identical reports in the same incident ${identicalSame} pairs, ` +
      `in different incidents ${identicalOther} pairs; best precision ${p.toFixed(3)}, best F1 ${((2 * p) / (1 + p)).toFixed(3)} (at recall 1)`,
  );
}

bound(docs.filter((d) => (size.get(d.incident!) ?? 0) >= 2), 'documents that share an incident');
bound(docs, 'all documents with an incident');

/**
 * Pairwise clustering scores: every pair of documents is a "same incident" decision.
 * Computed from the contingency table, so it is O(n) rather than O(n^2) in the number of documents.
 */
export interface PairwiseScores {
  documents: number;
  goldPairs: number;
  predictedPairs: number;
  truePairs: number;
  precision: number;
  recall: number;
  f1: number;
}

const pairs = (n: number): number => (n * (n - 1)) / 2;

export function pairwiseScores(assignments: readonly { gold: string; predicted: string }[]): PairwiseScores {
  const gold = new Map<string, number>();
  const pred = new Map<string, number>();
  const both = new Map<string, number>();
  for (const { gold: g, predicted: p } of assignments) {
    gold.set(g, (gold.get(g) ?? 0) + 1);
    pred.set(p, (pred.get(p) ?? 0) + 1);
    const k = `${g}\u0000${p}`;
    both.set(k, (both.get(k) ?? 0) + 1);
  }
  let goldPairs = 0;
  let predictedPairs = 0;
  let truePairs = 0;
  for (const n of gold.values()) goldPairs += pairs(n);
  for (const n of pred.values()) predictedPairs += pairs(n);
  for (const n of both.values()) truePairs += pairs(n);
  const precision = predictedPairs ? truePairs / predictedPairs : 0;
  const recall = goldPairs ? truePairs / goldPairs : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { documents: assignments.length, goldPairs, predictedPairs, truePairs, precision, recall, f1 };
}

/** Accuracy and support-weighted F1 over (gold label, predicted label) pairs. A missing prediction is the label "(none)". */
export interface ClassificationReport {
  n: number;
  accuracy: number;
  weightedF1: number;
  macroF1: number;
  perLabel: { label: string; support: number; precision: number; recall: number; f1: number }[];
  /** gold -> predicted -> count, for the confusion hot spots. */
  confusion: Record<string, Record<string, number>>;
}

export const NONE = '(none)';

export function classificationReport(pairs: readonly { gold: string; predicted: string | null }[]): ClassificationReport {
  const confusion: Record<string, Record<string, number>> = {};
  const tp = new Map<string, number>();
  const goldCount = new Map<string, number>();
  const predCount = new Map<string, number>();
  let correct = 0;
  for (const { gold, predicted } of pairs) {
    const p = predicted ?? NONE;
    (confusion[gold] ??= {})[p] = (confusion[gold]?.[p] ?? 0) + 1;
    goldCount.set(gold, (goldCount.get(gold) ?? 0) + 1);
    predCount.set(p, (predCount.get(p) ?? 0) + 1);
    if (gold === p) {
      correct++;
      tp.set(gold, (tp.get(gold) ?? 0) + 1);
    }
  }
  const n = pairs.length;
  const perLabel = [...goldCount.entries()]
    .map(([label, support]) => {
      const t = tp.get(label) ?? 0;
      const precision = t === 0 ? 0 : t / (predCount.get(label) ?? 0);
      const recall = t / support;
      const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
      return { label, support, precision, recall, f1 };
    })
    .sort((a, b) => b.support - a.support);
  const weightedF1 = n === 0 ? 0 : perLabel.reduce((s, l) => s + l.f1 * l.support, 0) / n;
  const macroF1 = perLabel.length === 0 ? 0 : perLabel.reduce((s, l) => s + l.f1, 0) / perLabel.length;
  return { n, accuracy: n === 0 ? 0 : correct / n, weightedF1, macroF1, perLabel, confusion };
}

/** The largest off-diagonal cells of a confusion table. */
export function topConfusions(report: ClassificationReport, k = 8): { gold: string; predicted: string; count: number }[] {
  const cells: { gold: string; predicted: string; count: number }[] = [];
  for (const [gold, row] of Object.entries(report.confusion)) {
    for (const [predicted, count] of Object.entries(row)) if (gold !== predicted) cells.push({ gold, predicted, count });
  }
  return cells.sort((a, b) => b.count - a.count).slice(0, k);
}

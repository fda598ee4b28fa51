/**
 * `vigil eval`: runs extraction over a gold file, clusters the primary events (for sets with `incident`),
 * and scores everything with the FORMAT.md metrics. Extraction failures are recorded per document; the file goes on.
 */
import { extractDocument } from '../extract/pipeline.js';
import type { VigilConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { EventRecord } from '../model/event.js';
import { clusterEventFromRecord, clusterEvents, type ClusterEvent } from '../cluster/index.js';
import { readGoldFile, type GoldDoc } from './gold.js';
import { toPredictionLine, type PredictionLine } from './prediction.js';
import { Scorer, type EvalSummary } from './scorer.js';

export interface EvalFileResult {
  file: string;
  summary: EvalSummary;
  /** Lines of the file that were not valid gold (skipped). */
  badLines: { line: number; code: string; message: string }[];
  /** Characters of text extracted and the time it took, for throughput. */
  chars: number;
  extractMs: number;
  clusterMs: number;
}

export interface EvalOptions {
  config?: VigilConfig;
  logger?: Logger;
  /** Called with every prediction line, in file order (for --predictions). */
  onPrediction?: (line: PredictionLine) => void;
  /** Cluster the primary events when the gold has `incident` (default true). */
  cluster?: boolean;
}

export async function evaluateFile(file: string, opts: EvalOptions = {}): Promise<EvalFileResult> {
  const golds: GoldDoc[] = [];
  const preds: PredictionLine[] = [];
  const primaries: (EventRecord | null)[] = [];
  const badLines: EvalFileResult['badLines'] = [];
  let chars = 0;
  let extractMs = 0;
  for await (const item of readGoldFile(file)) {
    if (!item.ok) {
      badLines.push({ line: item.line, code: item.error.code, message: item.error.message });
      continue;
    }
    const gold = item.doc;
    const t0 = performance.now();
    const result = extractDocument(
      { id: gold.id, source: gold.text, language: gold.language ?? null, published: gold.published ?? null },
      { config: opts.config, logger: opts.logger },
    );
    extractMs += performance.now() - t0;
    chars += gold.text.length;
    let pred: PredictionLine;
    if (result.ok) {
      pred = toPredictionLine(result.doc);
      primaries.push(result.doc.events.find((e) => !e.historical) ?? null);
    } else {
      pred = { id: gold.id, events: [], toponyms: [], error: { code: result.error.code, message: result.error.message } };
      primaries.push(null);
    }
    golds.push(gold);
    preds.push(pred);
  }

  let clusterMs = 0;
  if (opts.cluster !== false && golds.some((g) => g.incident)) {
    const t0 = performance.now();
    const events: ClusterEvent[] = [];
    golds.forEach((g, i) => {
      const record = primaries[i];
      if (record) events.push(clusterEventFromRecord(record, { published: g.published ?? null, sourceName: g.id }));
    });
    const { assignments } = clusterEvents(events);
    golds.forEach((g, i) => {
      const record = primaries[i];
      const incident = record ? assignments.get(record.id) : undefined;
      preds[i]!.incident = incident ?? `singleton:${g.id}`;
    });
    clusterMs = performance.now() - t0;
  }

  const scorer = new Scorer();
  golds.forEach((g, i) => {
    scorer.add(g, preds[i]!);
    opts.onPrediction?.(preds[i]!);
  });
  return { file, summary: scorer.summary(), badLines, chars, extractMs, clusterMs };
}

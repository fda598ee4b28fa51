/**
 * `vigil eval`: runs extraction over a gold file, clusters the primary events (for sets with `incident`),
 * and scores everything with the FORMAT.md metrics. Extraction failures are recorded per document; the file goes on.
 */
import { extractInOrder } from '../extract/parallel/pool.js';
import { loadConfig } from '../config/schema.js';
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
  /** Extraction worker threads (0 = one per core; default config.extraction.workers). */
  jobs?: number;
}

export async function evaluateFile(file: string, opts: EvalOptions = {}): Promise<EvalFileResult> {
  const golds: GoldDoc[] = [];
  const preds: PredictionLine[] = [];
  const primaries: (EventRecord | null)[] = [];
  const badLines: EvalFileResult['badLines'] = [];
  let chars = 0;
  const config = opts.config ?? loadConfig();
  // Wall time of the extraction loop (with --jobs the documents are extracted in parallel, so per-document times
  // would not add up to it).
  const t0 = performance.now();
  const extracted = extractInOrder(
    readGoldFile(file),
    (item) => (item.ok ? { id: item.doc.id, source: item.doc.text, language: item.doc.language ?? null, published: item.doc.published ?? null } : null),
    { config, workers: opts.jobs, logger: opts.logger },
  );
  for await (const { item, result } of extracted) {
    if (!item.ok) {
      badLines.push({ line: item.line, code: item.error.code, message: item.error.message });
      continue;
    }
    const gold = item.doc;
    chars += gold.text.length;
    let pred: PredictionLine;
    if (result?.ok) {
      pred = toPredictionLine(result.doc);
      primaries.push(result.doc.events.find((e) => !e.historical) ?? null);
    } else {
      const error = result && !result.ok ? result.error : { code: 'VIGIL_ERR_INTERNAL', message: 'not extracted' };
      pred = { id: gold.id, events: [], toponyms: [], error: { code: error.code, message: error.message } };
      primaries.push(null);
    }
    golds.push(gold);
    preds.push(pred);
  }
  const extractMs = performance.now() - t0;

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

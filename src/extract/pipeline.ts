/**
 * Runs the numbered stages over one document. Errors for one document never escape as exceptions
 * to a batch: `extractDocument` returns either the document or a VigilError for it.
 */
import { newDoc, type Doc, type SourceDocument } from '../model/document.js';
import { loadConfig, type VigilConfig } from '../config/schema.js';
import { docLogger, rootLogger, type Logger } from '../log.js';
import { toVigilError, VigilError } from '../errors/catalogue.js';
import { STAGES } from './stages/index.js';
import type { Stage } from './stage.js';
import { checkInput } from './input.js';
import { assertPipeline, contractViolations, snapshotDoc } from './contract.js';
import { Budget, budgetLimits, withBudget } from './budget.js';

export interface ExtractOptions {
  config?: VigilConfig;
  logger?: Logger;
  /** Run only the stages up to and including this one (e.g. "46-places" for `vigil places`). */
  until?: string;
  stages?: readonly Stage[];
  /** Check after every stage that it changed only what it declares in `adds` (tests turn this on; it costs a
   *  snapshot per stage). Also on when VIGIL_CHECK_CONTRACTS=1. */
  checkContracts?: boolean;
  /** The document's budget; default from config.extraction (documentTimeoutMs, documentWorkPerKb) and the source size. */
  budget?: Budget;
}

// Each stage list is checked once, when first used: a stage that reads what no earlier stage adds fails here,
// at start-up, instead of misbehaving on some document.
const checkedPipelines = new WeakSet<readonly Stage[]>();
export function buildPipeline(stages: readonly Stage[]): readonly Stage[] {
  if (!checkedPipelines.has(stages)) {
    assertPipeline(stages);
    checkedPipelines.add(stages);
  }
  return stages;
}

export type ExtractResult = { ok: true; doc: Doc } | { ok: false; id: string; error: VigilError };

let defaultConfig: VigilConfig | undefined;

export function extractDocument(input: SourceDocument, opts: ExtractOptions = {}): ExtractResult {
  const config = opts.config ?? (defaultConfig ??= loadConfig());
  const log = docLogger(input.id, opts.logger ?? rootLogger);
  // Outside the try: a broken pipeline is a programming error for the caller, not a failure of this document.
  const stages = buildPipeline(opts.stages ?? STAGES);
  try {
    checkInput(input, config);
    const checkContracts = opts.checkContracts ?? process.env.VIGIL_CHECK_CONTRACTS === '1';
    // The budget is checked between stages and inside the loops that grow with the input (spend()).
    const budget = opts.budget ?? new Budget(budgetLimits(config.extraction, Buffer.byteLength(input.source, 'utf8')));
    const doc = withBudget(budget, () => {
      let doc = newDoc(input);
      for (const stage of stages) {
        const before = checkContracts ? snapshotDoc(doc) : null;
        doc = stage.run(doc, { config, log, budget });
        if (before) {
          const broken = contractViolations(stage, before, doc);
          if (broken.length > 0) throw new VigilError('VIGIL_ERR_PIPELINE_CONTRACT', `${stage.name} changed ${broken.join(', ')} without declaring it`);
        }
        budget.checkClock();
        if (opts.until && stage.name === opts.until) break;
        // a capture holding no report (a login wall, a deleted post): recorded with its status, no event read
        if (doc.capture?.status === 'no-report') break;
      }
      return doc;
    });
    return { ok: true, doc };
  } catch (e) {
    const error = toVigilError(e);
    log.warn({ code: error.code }, error.message);
    return { ok: false, id: input.id, error };
  }
}

/**
 * The per-document budget: a deadline in time (config `extraction.documentTimeoutMs`) and a cap on work
 * (`extraction.documentWorkPerKb` units per KiB of source, at least `documentWorkMin`), checked cooperatively:
 * between stages by the pipeline, and inside the loops that grow with the input through `spend()`.
 * One unit of work is one iteration of such a loop. A document that runs out fails alone with
 * VIGIL_ERR_DOCUMENT_TIMEOUT; the batch goes on. The work cap makes the outcome the same on a fast and a slow
 * machine; the clock catches what the work count does not see (a slow regular expression between two checks).
 *
 * The pipeline runs one document at a time per thread, so the budget in force is kept in this module: deep helpers
 * (field resolvers, normalizers) call `spend()` without a context parameter threaded through every signature.
 * Outside a pipeline run (tests calling a helper directly) `spend()` does nothing.
 */
import { VigilError } from '../errors/catalogue.js';

export interface BudgetLimits {
  /** Wall-clock milliseconds the document may take. */
  timeoutMs: number;
  /** Units of work the document may take. */
  work: number;
}

export class Budget {
  readonly deadline: number;
  /** Work left; the clock is read every CLOCK_EVERY units (reading it costs more than a unit of work). */
  private left: number;
  private untilClock = CLOCK_EVERY;
  spent = 0;
  constructor(readonly limits: BudgetLimits, private readonly now: () => number = () => performance.now()) {
    this.deadline = now() + limits.timeoutMs;
    this.left = limits.work;
  }

  /** Spend `units` of work; throws VIGIL_ERR_DOCUMENT_TIMEOUT when the work or the time has run out. */
  spend(units = 1): void {
    this.left -= units;
    this.spent += units;
    if (this.left < 0) throw new VigilError('VIGIL_ERR_DOCUMENT_TIMEOUT', `more than ${this.limits.work} units of work`);
    if ((this.untilClock -= units) <= 0) {
      this.untilClock = CLOCK_EVERY;
      this.checkClock();
    }
  }

  /** Throws when the deadline has passed (the pipeline calls it between stages). */
  checkClock(): void {
    if (this.now() > this.deadline) throw new VigilError('VIGIL_ERR_DOCUMENT_TIMEOUT', `longer than ${this.limits.timeoutMs} ms`);
  }
}

const CLOCK_EVERY = 4096;

let current: Budget | null = null;

/** Run `fn` with `budget` in force (restores the previous one after, so nested runs stay correct). */
export function withBudget<T>(budget: Budget, fn: () => T): T {
  const prev = current;
  current = budget;
  try {
    return fn();
  } finally {
    current = prev;
  }
}

/** Spend work on the budget in force, if any (see the module comment). */
export function spend(units = 1): void {
  if (current !== null) current.spend(units);
}

/** The budget in force, or null. */
export function currentBudget(): Budget | null {
  return current;
}

/** The limits for a source of `bytes` bytes under the extraction config. */
export function budgetLimits(cfg: { documentTimeoutMs: number; documentWorkPerKb: number; documentWorkMin: number }, bytes: number): BudgetLimits {
  return { timeoutMs: cfg.documentTimeoutMs, work: Math.max(cfg.documentWorkMin, Math.ceil((bytes / 1024) * cfg.documentWorkPerKb)) };
}

/** For catch blocks that turn a failure into an empty field: a spent budget must still end the document. */
export function rethrowBudget(e: unknown): void {
  if (e instanceof VigilError && e.code === 'VIGIL_ERR_DOCUMENT_TIMEOUT') throw e;
}

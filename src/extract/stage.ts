/**
 * A pipeline stage is a function from document to document that declares what it reads and what it adds
 * (spaCy / compromise style). Stages live in ./stages, numbered so their order shows in the folder listing.
 */
import type { Doc } from '../model/document.js';
import type { VigilConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { Budget } from './budget.js';

export type DocField = keyof Doc | `mentions:${string}`;

export interface StageContext {
  config: VigilConfig;
  log: Logger;
  /** The document's budget in time and work (./budget.ts); long loops spend from it. */
  budget?: Budget;
}

export interface Stage {
  /** e.g. "10-normalize" */
  name: string;
  /** Fields of Doc (or mention kinds as `mentions:<kind>`) this stage reads. */
  reads: DocField[];
  /** Fields of Doc (or mention kinds) this stage adds or rewrites. */
  adds: DocField[];
  run(doc: Doc, ctx: StageContext): Doc;
}

/**
 * Runs the numbered stages over one document. Errors for one document never escape as exceptions
 * to a batch: `extractDocument` returns either the document or a VigilError for it.
 */
import { newDoc, type Doc, type SourceDocument } from '../model/document.js';
import { loadConfig, type VigilConfig } from '../config/schema.js';
import { docLogger, rootLogger, type Logger } from '../log.js';
import { toVigilError, type VigilError } from '../errors/catalogue.js';
import { STAGES } from './stages/index.js';
import type { Stage } from './stage.js';
import { checkInput } from './input.js';

export interface ExtractOptions {
  config?: VigilConfig;
  logger?: Logger;
  /** Run only the stages up to and including this one (e.g. "46-places" for `vigil places`). */
  until?: string;
  stages?: readonly Stage[];
}

export type ExtractResult = { ok: true; doc: Doc } | { ok: false; id: string; error: VigilError };

let defaultConfig: VigilConfig | undefined;

export function extractDocument(input: SourceDocument, opts: ExtractOptions = {}): ExtractResult {
  const config = opts.config ?? (defaultConfig ??= loadConfig());
  const log = docLogger(input.id, opts.logger ?? rootLogger);
  try {
    checkInput(input, config);
    let doc = newDoc(input);
    for (const stage of opts.stages ?? STAGES) {
      doc = stage.run(doc, { config, log });
      if (opts.until && stage.name === opts.until) break;
    }
    return { ok: true, doc };
  } catch (e) {
    const error = toVigilError(e);
    log.warn({ code: error.code }, error.message);
    return { ok: false, id: input.id, error };
  }
}

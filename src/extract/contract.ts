/**
 * Stage contracts, checked the way spaCy's `analyze_pipes` checks a pipeline: every field a stage reads must be
 * an input field of the document or added by an earlier stage, and (when asked) every run of a stage may change
 * only what it declares it adds. A pipeline that breaks its contract fails when it is built, not on some
 * document later.
 */
import { VigilError } from '../errors/catalogue.js';
import type { Doc, MentionKind } from '../model/document.js';
import type { DocField, Stage } from './stage.js';

/** What the caller hands in (`SourceDocument` through `newDoc`): present before the first stage runs. */
export const INPUT_FIELDS: readonly DocField[] = ['id', 'source', 'mediaType', 'title', 'language', 'published', 'captured', 'url'];

export interface StageAnalysis {
  name: string;
  reads: readonly DocField[];
  adds: readonly DocField[];
  /** Fields read that neither the input nor an earlier stage provides. */
  missing: DocField[];
}

export interface PipelineAnalysis {
  stages: StageAnalysis[];
  /** Every field available after the last stage. */
  provided: DocField[];
  ok: boolean;
}

/** Walks the stages in order and records, for each, what it reads that nothing before it adds. Pure. */
export function analyzeStages(stages: readonly Stage[], opts: { inputs?: readonly DocField[] } = {}): PipelineAnalysis {
  const provided = new Set<DocField>(opts.inputs ?? INPUT_FIELDS);
  const seen = new Set<string>();
  const out: StageAnalysis[] = [];
  for (const stage of stages) {
    if (seen.has(stage.name)) throw new VigilError('VIGIL_ERR_PIPELINE_CONTRACT', `two stages are named ${stage.name}`);
    seen.add(stage.name);
    const missing = stage.reads.filter((f) => !provided.has(f));
    out.push({ name: stage.name, reads: stage.reads, adds: stage.adds, missing });
    for (const f of stage.adds) provided.add(f);
  }
  return { stages: out, provided: [...provided], ok: out.every((s) => s.missing.length === 0) };
}

/** Throws VIGIL_ERR_PIPELINE_CONTRACT naming each stage that reads a field no earlier stage adds. */
export function assertPipeline(stages: readonly Stage[], opts: { inputs?: readonly DocField[] } = {}): PipelineAnalysis {
  const analysis = analyzeStages(stages, opts);
  if (!analysis.ok) {
    const detail = analysis.stages
      .filter((s) => s.missing.length > 0)
      .map((s) => `${s.name} reads ${s.missing.join(', ')}`)
      .join('; ');
    throw new VigilError('VIGIL_ERR_PIPELINE_CONTRACT', detail, analysis);
  }
  return analysis;
}

/** What a stage run could have changed: each field's value (arrays by identity and length) and mentions per kind. */
export interface DocSnapshot {
  fields: Map<string, { value: unknown; length: number }>;
  mentionKinds: Map<MentionKind, number>;
}

export function snapshotDoc(doc: Doc): DocSnapshot {
  const fields = new Map<string, { value: unknown; length: number }>();
  // Every field the document has (stages may add optional ones), mentions apart: they are compared per kind.
  for (const f of Object.keys(doc) as (keyof Doc)[]) {
    if (f === 'mentions') continue;
    const value = doc[f];
    fields.set(f, { value, length: Array.isArray(value) ? value.length : -1 });
  }
  const mentionKinds = new Map<MentionKind, number>();
  for (const m of doc.mentions) mentionKinds.set(m.kind, (mentionKinds.get(m.kind) ?? 0) + 1);
  return { fields, mentionKinds };
}

/**
 * The fields and mention kinds a stage changed that it does not declare in `adds`. `warnings` is shared by every
 * stage (non-fatal notes), so it is never a violation. An empty list means the run kept its contract.
 */
export function contractViolations(stage: Stage, before: DocSnapshot, after: Doc): string[] {
  const adds = new Set<DocField>(stage.adds);
  const now = snapshotDoc(after);
  const out: string[] = [];
  for (const field of new Set([...before.fields.keys(), ...now.fields.keys()])) {
    if (field === 'warnings' || adds.has(field as DocField)) continue;
    const was = before.fields.get(field);
    const is = now.fields.get(field);
    if (!was || !is || is.value !== was.value || is.length !== was.length) out.push(field);
  }
  const kinds = new Set<MentionKind>([...before.mentionKinds.keys(), ...now.mentionKinds.keys()]);
  for (const kind of kinds) {
    if (adds.has(`mentions:${kind}`)) continue;
    if ((before.mentionKinds.get(kind) ?? 0) !== (now.mentionKinds.get(kind) ?? 0)) out.push(`mentions:${kind}`);
  }
  return out;
}

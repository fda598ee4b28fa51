/**
 * Field resolvers: given a document (after the recognize stages) and the scope of one event,
 * each resolver returns a field value with its evidence spans and the rule names that produced it.
 * The assemble stage (50-assemble) calls them; they are pure and tested in isolation.
 */
import type { Doc, MentionOf, Sentence, Span } from '../../model/document.js';
import type { Evidence } from '../../model/event.js';

export interface EventScope {
  /** The text span of the event (its sentences). */
  span: Span;
  /** Indices into doc.sentences covered by the event. */
  sentences: number[];
  /** The trigger mention the event is anchored on (null for a document-level event). */
  trigger: MentionOf<'trigger'> | null;
  /**
   * True when the recognizing stages (40-46) have run on the document, as in the pipeline (50-assemble): a kind of
   * mention the document lacks is then absent from the text, and resolvers do not look for it again.
   */
  recognized?: boolean;
  /**
   * What the resolvers derive from the scope alone (its sentences, their indexes), filled by scope.ts on first use:
   * the eight resolvers of one event each asked for them again.
   */
  memo?: ScopeMemo;
}

export interface ScopeMemo {
  sentences?: Sentence[];
  indexes?: Set<number>;
}

export interface FieldResult<T> {
  value: T;
  evidence: Evidence[];
  rules: string[];
}

export type FieldResolver<T> = (doc: Doc, scope: EventScope) => FieldResult<T>;

export function emptyResult<T>(value: T): FieldResult<T> {
  return { value, evidence: [], rules: [] };
}

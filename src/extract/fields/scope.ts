/** Helpers shared by the field resolvers: the sentences of a scope, mentions inside a span, evidence. */
import type { Doc, Mention, MentionKind, MentionOf, Sentence, Span } from '../../model/document.js';
import type { Evidence } from '../../model/event.js';
import type { EventScope } from './types.js';

export function scopeSentences(doc: Doc, scope: EventScope): Sentence[] {
  if (scope.sentences.length) return scope.sentences.map((i) => doc.sentences[i]).filter((s): s is Sentence => !!s);
  // no sentence list: every sentence overlapping the span (or the whole text as one sentence)
  const s = doc.sentences.filter((x) => x.end > scope.span.start && x.start < scope.span.end);
  return s.length ? s : [{ start: scope.span.start, end: scope.span.end, index: 0, paragraph: 0 }];
}

export function within(span: Span, m: Span): boolean {
  return m.start >= span.start && m.end <= span.end;
}

export function mentionsIn<K extends MentionKind>(doc: Doc, kind: K, span: Span): MentionOf<K>[] {
  return doc.mentions.filter((m: Mention): m is MentionOf<K> => m.kind === kind && m.start >= span.start && m.end <= span.end);
}

export function evidence(doc: Doc, start: number, end: number, rule: string): Evidence {
  return { start, end, text: doc.text.slice(start, end), rule };
}

/** The whole document as one scope (used by `vigil extract` previews and by tests). */
export function documentScope(doc: Doc): EventScope {
  return { span: { start: 0, end: doc.text.length }, sentences: doc.sentences.map((s) => s.index), trigger: null };
}

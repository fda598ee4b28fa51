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

/**
 * The mentions of each kind, grouped in one pass per document: every event's resolvers asked doc.mentions for their
 * kind again (a scan of all mentions per event and field). Keyed by the mentions array, which the stages replace
 * rather than edit; the length check catches an array edited in place (tests).
 */
const byKind = new WeakMap<Mention[], { n: number; kinds: Map<MentionKind, Mention[]> }>();

/** The document's mentions of one kind, in document order (same as doc.mentions.filter by kind). */
export function mentionsOfKind<K extends MentionKind>(doc: Doc, kind: K): MentionOf<K>[] {
  let idx = byKind.get(doc.mentions);
  if (!idx || idx.n !== doc.mentions.length) {
    const kinds = new Map<MentionKind, Mention[]>();
    for (const m of doc.mentions) {
      const list = kinds.get(m.kind);
      if (list) list.push(m);
      else kinds.set(m.kind, [m]);
    }
    byKind.set(doc.mentions, (idx = { n: doc.mentions.length, kinds }));
  }
  return (idx.kinds.get(kind) ?? []) as MentionOf<K>[];
}

/**
 * Mentions of the given kinds, or, when the document has none of them, what the recognizing stage finds (resolvers
 * may run on a document that skipped that stage: tests, previews). A scope from the pipeline (`recognized`) skips
 * the second look: the stage ran and found none, and would find none again. Lists of several kinds and the fallback
 * are built once per document, not once per event. The result is shared: callers must not edit it.
 */
export function mentionsOrRecognized<K extends MentionKind>(
  doc: Doc,
  scope: EventScope,
  kinds: readonly K[],
  recognize: (doc: Doc) => MentionOf<K>[],
): MentionOf<K>[] {
  if (kinds.length === 1) {
    const list = mentionsOfKind(doc, kinds[0]!);
    if (list.length > 0 || scope.recognized) return list;
  }
  let memo = recognizedMemo.get(doc.mentions);
  if (!memo || memo.n !== doc.mentions.length || memo.text !== doc.text || memo.sentences !== doc.sentences) {
    recognizedMemo.set(doc.mentions, (memo = { n: doc.mentions.length, text: doc.text, sentences: doc.sentences, lists: new Map() }));
  }
  const key = `${scope.recognized ? 'recognized:' : ''}${kinds.join('+')}`;
  let found = memo.lists.get(key) as MentionOf<K>[] | undefined;
  if (!found) {
    found = kinds.flatMap((k) => mentionsOfKind(doc, k));
    if (found.length === 0 && !scope.recognized) found = recognize(doc);
    memo.lists.set(key, found);
  }
  return found;
}
/** Per document: the mentions of several kinds together, or what the stage recognized, by "kind+kind" key. */
const recognizedMemo = new WeakMap<Mention[], { n: number; text: string; sentences: Sentence[]; lists: Map<string, Mention[]> }>();

export function evidence(doc: Doc, start: number, end: number, rule: string): Evidence {
  return { start, end, text: doc.text.slice(start, end), rule };
}

/** The whole document as one scope (used by `vigil extract` previews and by tests). */
export function documentScope(doc: Doc): EventScope {
  return { span: { start: 0, end: doc.text.length }, sentences: doc.sentences.map((s) => s.index), trigger: null };
}

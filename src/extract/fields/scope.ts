/** Helpers shared by the field resolvers: the sentences of a scope, mentions inside a span, evidence. */
import type { Doc, Mention, MentionKind, MentionOf, Sentence, Span } from '../../model/document.js';
import type { Evidence } from '../../model/event.js';
import type { EventScope } from './types.js';

/** The sentences of a scope, in the scope's order. The list is shared by the resolvers of the event: do not edit it. */
export function scopeSentences(doc: Doc, scope: EventScope): Sentence[] {
  const memo = (scope.memo ??= {});
  return (memo.sentences ??= findScopeSentences(doc, scope));
}

/** Indexes of the scope's sentences (shared like scopeSentences). */
export function scopeSentenceIndexes(doc: Doc, scope: EventScope): Set<number> {
  const memo = (scope.memo ??= {});
  if (!memo.indexes) {
    memo.indexes = new Set();
    for (const s of scopeSentences(doc, scope)) memo.indexes.add(s.index);
  }
  return memo.indexes;
}

function findScopeSentences(doc: Doc, scope: EventScope): Sentence[] {
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
 * rather than edit (the length check catches an array edited in place, in tests), with the text and sentences that a
 * recognizer reads. One document at a time, as the pipeline handles them: a WeakMap entry per document cost more
 * than it saved on short notes.
 */
interface MentionFacts {
  mentions: Mention[];
  n: number;
  text: string;
  sentences: Sentence[];
  kinds: Map<MentionKind, Mention[]>;
  /** Mentions of several kinds together, or what a recognizer found, by "kind+kind" key. */
  lists: Map<string, Mention[]>;
}
let lastFacts: MentionFacts | null = null;

function mentionFacts(doc: Doc): MentionFacts {
  const f = lastFacts;
  if (f && f.mentions === doc.mentions && f.n === doc.mentions.length && f.text === doc.text && f.sentences === doc.sentences) return f;
  const kinds = new Map<MentionKind, Mention[]>();
  for (const m of doc.mentions) {
    const list = kinds.get(m.kind);
    if (list) list.push(m);
    else kinds.set(m.kind, [m]);
  }
  lastFacts = { mentions: doc.mentions, n: doc.mentions.length, text: doc.text, sentences: doc.sentences, kinds, lists: new Map() };
  return lastFacts;
}

/** The document's mentions of one kind, in document order (same as doc.mentions.filter by kind). */
export function mentionsOfKind<K extends MentionKind>(doc: Doc, kind: K): MentionOf<K>[] {
  return (mentionFacts(doc).kinds.get(kind) ?? []) as MentionOf<K>[];
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
  const facts = mentionFacts(doc);
  if (kinds.length === 1) {
    const list = (facts.kinds.get(kinds[0]!) ?? []) as MentionOf<K>[];
    if (list.length > 0 || scope.recognized) return list;
  }
  const key = `${scope.recognized ? 'recognized:' : ''}${kinds.join('+')}`;
  let found = facts.lists.get(key) as MentionOf<K>[] | undefined;
  if (!found) {
    found = [];
    for (const k of kinds) for (const m of facts.kinds.get(k) ?? []) found.push(m as MentionOf<K>);
    if (found.length === 0 && !scope.recognized) found = recognize(doc);
    facts.lists.set(key, found);
  }
  return found;
}

export function evidence(doc: Doc, start: number, end: number, rule: string): Evidence {
  return { start, end, text: doc.text.slice(start, end), rule };
}

/** The whole document as one scope (used by `vigil extract` previews and by tests). */
export function documentScope(doc: Doc): EventScope {
  return { span: { start: 0, end: doc.text.length }, sentences: doc.sentences.map((s) => s.index), trigger: null };
}

/**
 * 60-code: the final ACLED event_type / sub_event_type and finer kind of each event, from its span's triggers and
 * context cues (src/extract/classify, rules as data in classify/rules.json). Events without conflict content
 * (no rule codes them) are dropped: Vigil emits no ACLED-typed event for them.
 */
import { spend } from '../budget.js';
import type { EventRecord } from '../../model/event.js';
import type { Stage } from '../stage.js';
import { classify } from '../classify/index.js';
import { lexiconFor, scanText } from '../classify/lexicon.js';
import { sentencesOf } from '../assemble/sentences.js';
import { OWN } from './50-assemble.js';

/** Kinds a rule may not overwrite: they come from an inference the coder cannot see (an implied shoot-down). */
function isImplied(e: EventRecord): boolean {
  return e.extractor.rules.some((r) => r.startsWith('implied:'));
}

/** A line of an incident log ("June 4th 2019: (K117) Kafr Nubl town, ..."): triggers of family "record" report an incident
 *  without saying what kind. When no coding rule applies, the event is kept untyped (kind only, no ACLED type). */
function isRecord(e: EventRecord, lang: string | null): boolean {
  const lex = lexiconFor(lang);
  return e.evidence.type.some((t) => {
    const id = /^trigger:([^:]+):/.exec(t.rule)?.[1];
    return !!id && lex.triggers.get(id)?.family === 'record';
  });
}

export const codeStage: Stage = {
  name: '60-code',
  reads: ['text', 'sentences', 'events'],
  adds: ['events'],
  run(doc) {
    if (doc.events.length === 0) return doc;
    const scan = scanText(doc.text, doc.language);
    const sentences = sentencesOf(doc);
    const kept: EventRecord[] = [];
    for (const e of doc.events) {
      spend(1 + ((e.span.end - e.span.start) >> 6));
      if (isImplied(e)) {
        kept.push(e);
        continue;
      }
      const c = classify({ scan, span: e.span, sentences, ownTriggerStarts: OWN.get(e) });
      if (!c) {
        if (isRecord(e, doc.language)) kept.push(e);
        continue;
      }
      e.eventType = c.eventType;
      e.subEventType = c.subEventType;
      e.kind = c.kind;
      e.evidence.kind = [{ start: c.anchor.start, end: c.anchor.end, text: doc.text.slice(c.anchor.start, c.anchor.end), rule: `trigger:${c.anchor.entry.id}:${c.anchor.phrase}` }];
      e.extractor.rules.push(c.rule);
      // Two drafts coded the same over overlapping text are one event ("killing its crew" in the shoot-down sentence).
      const twin = kept.find(
        (k) => k.historical === e.historical && k.kind === e.kind && k.subEventType === e.subEventType &&
          k.span.start < e.span.end &&
          e.span.start < k.span.end &&
          (!k.location || !e.location || k.location.name === e.location.name),
      );
      if (twin) {
        for (const ev of e.evidence.type) twin.evidence.type.push(ev); // no push(...): evidence lists are unbounded
        twin.span = { start: Math.min(twin.span.start, e.span.start), end: Math.max(twin.span.end, e.span.end) };
        continue;
      }
      kept.push(e);
    }
    kept.forEach((e, i) => (e.id = `${doc.id}#${i + 1}`));
    doc.events = kept;
    return doc;
  },
};

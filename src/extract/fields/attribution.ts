/**
 * Attribution of one event: is the perpetrator stated as fact, alleged, claimed or denied; who reports it;
 * do official sources confirm it.
 *  - status: an accusation in the event's sentences ("was accused of", "allegedly") -> alleged; else a claim
 *    ("claimed responsibility") -> claimed; else a denial -> denied; else stated ("reportedly" stays stated: it
 *    names a source, not a doubt about the perpetrator).
 *  - reporters: source cues in the event's sentences, else in the whole document ("independent media, social
 *    media channels, as well as observers ... inform that"). Official cues in a sentence that says official
 *    sources are silent are not reporters.
 *  - officialConfirmation: false when the text says official sources are silent, true when one confirms, else null.
 */
import type { Doc, MentionOf } from '../../model/document.js';
import type { EventAttribution, Evidence } from '../../model/event.js';
import { attributionMentions } from '../stages/45-attribution.js';
import type { EventScope, FieldResult } from './types.js';
import { evidence, mentionsOrRecognized, scopeSentenceIndexes } from './scope.js';

type AttrMention = MentionOf<'attribution'> | MentionOf<'source-cue'>;

export function resolveEventAttribution(doc: Doc, scope: EventScope): FieldResult<EventAttribution> {
  const sentences = scopeSentenceIndexes(doc, scope);
  const all: AttrMention[] = mentionsOrRecognized(doc, scope, ['attribution', 'source-cue'], attributionMentions);
  // Most short reports have no hedge and no source cue at all: stated, nobody named, nothing confirmed.
  if (all.length === 0) return { value: { status: 'stated', reporters: [], officialConfirmation: null }, evidence: [], rules: [] };
  const hedges = all.filter((m): m is MentionOf<'attribution'> => m.kind === 'attribution');
  const cues = all.filter((m): m is MentionOf<'source-cue'> => m.kind === 'source-cue');
  const ev: Evidence[] = [];
  const rules: string[] = [];

  let status: EventAttribution['status'] = 'stated';
  for (const want of ['alleged', 'claimed', 'denied'] as const) {
    const m = hedges.find((h) => sentences.has(h.sentence) && h.value.status === want && h.rule === `attribution:${want}`);
    if (m) {
      status = want;
      ev.push(evidence(doc, m.start, m.end, m.rule));
      rules.push(m.rule);
      break;
    }
  }

  const silent = hedges.filter((h) => h.rule === 'attribution:official-silent');
  const silentSentences = new Set(silent.map((h) => h.sentence));
  let officialConfirmation: boolean | null = null;
  const confirm = hedges.find((h) => sentences.has(h.sentence) && h.rule === 'attribution:official-confirmed');
  if (silent.length) {
    officialConfirmation = false;
    ev.push(evidence(doc, silent[0].start, silent[0].end, silent[0].rule));
    rules.push('attribution:official-silent');
  } else if (confirm) {
    officialConfirmation = true;
    ev.push(evidence(doc, confirm.start, confirm.end, confirm.rule));
    rules.push('attribution:official-confirmed');
  }

  // "hard to find any information ... within the official Russian sources": the sources named there are not reporting
  const usable = cues.filter((c) => !silentSentences.has(c.sentence));
  const scoped = usable.filter((c) => sentences.has(c.sentence));
  const chosen = scoped.length ? scoped : usable;
  const reporters: EventAttribution['reporters'] = [];
  for (const c of chosen) {
    if (reporters.some((r) => r.name === c.value.name)) continue;
    reporters.push({ name: c.value.name, kind: c.value.kind });
    ev.push(evidence(doc, c.start, c.end, c.rule));
  }
  if (chosen.length) rules.push(scoped.length ? 'reporters:event-sentences' : 'reporters:document');
  return { value: { status, reporters, officialConfirmation }, evidence: ev, rules };
}

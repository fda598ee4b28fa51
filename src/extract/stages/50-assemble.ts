/**
 * 50-assemble: turns trigger mentions into event records. Triggers are grouped into events (assemble/drafts.ts),
 * each event gets its span (its sentences), the historical flag, and every field from the field resolvers
 * (src/extract/fields) and the location picker (src/geo/event-location.ts), with evidence. The coder (60-code)
 * then sets the final ACLED type. The document's main event comes first.
 */
import { rethrowBudget, spend } from '../budget.js';
import type { Doc, MentionOf, Sentence, Span } from '../../model/document.js';
import type { EventRecord, Evidence } from '../../model/event.js';
import type { Stage } from '../stage.js';
import {
  resolveActors,
  resolveAttribution,
  resolveCivilianFatalities,
  resolveDate,
  resolveFatalities,
  resolveInjured,
  resolveStrikes,
  resolveWeapons,
  type EventScope,
  type FieldResolver,
  type FieldResult,
} from '../fields/index.js';
import { mentionsOfKind } from '../fields/scope.js';
import { eventPlaceKey, pickEventLocation } from '../../geo/event-location.js';
import { VERSION } from '../../version.js';
import { buildDrafts, orderDrafts, spanOf, type Draft } from '../assemble/drafts.js';
import { sentencesOf } from '../assemble/sentences.js';
import { lexiconFor, scanText } from '../classify/lexicon.js';
import { isEventType, isSubEventType } from '../assemble/taxonomy.js';
import { langData, SUPPORTED_LANGUAGES } from '../lang/index.js';

type Trigger = MentionOf<'trigger'>;

function evidenceOf(doc: Doc, ms: { start: number; end: number; rule: string }[]): Evidence[] {
  return ms.map((m) => ({ start: m.start, end: m.end, text: doc.text.slice(m.start, m.end), rule: m.rule }));
}

function anchorOf(d: Draft): Trigger {
  return d.triggers.reduce((a, b) => (b.value.weight > a.value.weight ? b : a));
}

/** A resolver's result; a resolver bug must not lose the event: the field is then left empty and the rule list says so. */
function safe<T>(resolve: FieldResolver<T>, doc: Doc, scope: EventScope, fallback: T): FieldResult<T> {
  // The resolver and its arguments rather than a closure: nine resolvers run for every event.
  try {
    return resolve(doc, scope);
  } catch (e) {
    rethrowBudget(e);
    return failed(fallback);
  }
}
function failed<T>(fallback: T): FieldResult<T> {
  return { value: fallback, evidence: [], rules: ['resolver-error'] };
}

/** Remote violence whose dead are counted from the victims' side (see ownSideLossesAbroad). */
const REMOTE_STRIKES = new Set(['Air/drone strike', 'Shelling/artillery/missile attack']);

/** Country of a state's forces, read from the registry id ("mil-ru", "police-ua"). */
function actorCountry(a: { actorId: string | null }): string | null {
  const m = a.actorId ? /^(?:mil|police)-([a-z]{2})$/.exec(a.actorId) : null;
  return m ? m[1]!.toUpperCase() : null;
}

/**
 * Own-side losses abroad are not the victims of one's own strikes:
 *   "Russian warplanes struck the town ... 5 Russian citizens have lost their lives in the crash"
 * A foreign state's air strike or shelling (perpetrator country differs from the event location's country) does not
 * count the dead that the text calls its own nationals ("N Russian citizens/pilots/soldiers"); they belong to another
 * event of the report (the downed crew's). Domestic strikes are left alone: "Syrian jets killed 10 Syrian civilians"
 * keeps its dead.
 */
function ownSideLossesAbroad(
  doc: Doc,
  r: FieldResult<EventRecord['fatalities']>,
  subEventType: string | null | undefined,
  actors: EventRecord['actors'],
  locationCountry: string | null,
): FieldResult<EventRecord['fatalities']> {
  if (!r.value || r.evidence.length === 0 || !locationCountry || !subEventType || !REMOTE_STRIKES.has(subEventType)) return r;
  const own = new Set(actors.filter((a) => a.role === 'perpetrator').map(actorCountry).filter((c): c is string => !!c && c !== locationCountry));
  if (own.size === 0) return r;
  const ownSideAt = (e: Evidence) =>
    doc.places.some((t) => {
      if (!t.adjectival || !t.resolved || t.start < e.end || t.start - e.end > 12) return false;
      // Only words between the number and the adjective ("5 Russian", "three Russian"), no clause break.
      if (/[.;:!?]/.test(doc.text.slice(e.end, t.start))) return false;
      return own.has(t.resolved.country);
    });
  if (!r.evidence.every(ownSideAt)) return r;
  return { value: null, evidence: [], rules: [...r.rules, 'fatalities:own-side-losses-abroad-dropped'] };
}

/**
 * Counted nouns that are bombardment from afar ("120 air strikes", "dozens of raids", "40 sorties"): the
 * `remoteCountStems` of every language pack, since a count may be quoted in another language than the report's.
 */
let remoteCount: RegExp | undefined;
function remoteCountPattern(): RegExp {
  if (remoteCount) return remoteCount;
  const stems = SUPPORTED_LANGUAGES.flatMap((l) => langData<{ remoteCountStems?: string[] }>(l, 'casualties')?.remoteCountStems ?? []);
  // No stems at all must match nothing (an empty alternation would match every text).
  remoteCount = stems.length ? new RegExp(stems.join('|'), 'iu') : /(?!)/;
  return remoteCount;
}

/**
 * A count of air strikes or shelling is the strike count of remote-violence events only: "More than 120 air strikes
 * in the area where the helicopter was shot down" counts the strikes, not the shoot-down.
 */
function strikesOfOwnKind(
  r: FieldResult<EventRecord['strikes']>,
  family: string | undefined,
): FieldResult<EventRecord['strikes']> {
  if (!r.value || family === 'remote' || !r.evidence.every((e) => remoteCountPattern().test(e.text))) return r;
  return { value: null, evidence: [], rules: [...r.rules, 'strikes:count-of-remote-strikes-dropped'] };
}

export function buildEvent(doc: Doc, d: Draft, n: number, sentences: Sentence[]): EventRecord {
  const span: Span = spanOf(d, sentences);
  const anchor = anchorOf(d);
  // recognized: the stages before this one have run, so a kind of mention the document lacks is not looked for again.
  const scope: EventScope = { span, sentences: [...d.sentences].sort((a, b) => a - b), trigger: anchor, recognized: true };
  const lex = lexiconFor(doc.language);
  const implied = d.impliedTrigger ? lex.triggers.get(d.impliedTrigger) : undefined;
  const kind = implied?.kind ?? anchor.value.kind;
  const eventType = implied?.eventType ?? anchor.value.eventType;
  const subEventType = implied?.subEventType ?? anchor.value.subEventType;
  const notAfter = doc.published ?? doc.captured ?? null;
  let date: FieldResult<EventRecord['date']>;
  try {
    date = resolveDate(doc, scope);
  } catch (e) {
    rethrowBudget(e);
    date = failed({ start: null, end: null, precision: 'unknown', relative: false, notAfter });
  }
  // Background events ("last year a jet was shot down near the border") happened elsewhere or before: they do not
  // inherit the report's main place.
  let location: FieldResult<EventRecord['location']>;
  try {
    location = pickEventLocation(doc, span, { anchor, fallbackToDocument: !d.historical });
  } catch (e) {
    rethrowBudget(e);
    location = failed(null);
  }
  const actors = safe(resolveActors, doc, scope, []);
  const weapons = safe(resolveWeapons, doc, scope, []);
  const fatalities = ownSideLossesAbroad(doc, safe(resolveFatalities, doc, scope, null), subEventType, actors.value, location.value?.country ?? null);
  const injured = safe(resolveInjured, doc, scope, null);
  const civ = safe(resolveCivilianFatalities, doc, scope, null);
  const strikes = strikesOfOwnKind(safe(resolveStrikes, doc, scope, null), implied?.family ?? anchor.value.family);
  let attribution: FieldResult<EventRecord['attribution']>;
  try {
    attribution = resolveAttribution(doc, scope);
  } catch (e) {
    rethrowBudget(e);
    attribution = failed({ status: 'stated', reporters: [], officialConfirmation: null });
  }
  const typeEvidence = evidenceOf(doc, d.triggers);
  const rules = new Set<string>(d.triggers.map((t) => t.rule));
  if (d.impliedBy) rules.add(`implied:${d.impliedTrigger}:from:${d.impliedBy}`);
  const histEvidence = d.historical
    ? evidenceOf(doc, mentionsOfKind(doc, 'historical-cue').filter((m) => d.sentences.has(m.sentence)))
    : [];
  if (d.historical) rules.add('historical');
  for (const r of [date, location, actors, weapons, fatalities, injured, civ, strikes, attribution]) for (const x of r.rules) rules.add(x);
  return {
    id: `${doc.id}#${n}`,
    docId: doc.id,
    eventType: eventType && isEventType(eventType) ? eventType : null,
    subEventType: subEventType && isSubEventType(subEventType) ? subEventType : null,
    kind,
    date: date.value,
    location: location.value,
    actors: actors.value,
    weapons: weapons.value,
    fatalities: fatalities.value,
    injured: injured.value,
    civilianFatalities: civ.value,
    strikes: strikes.value,
    attribution: attribution.value,
    historical: d.historical,
    span,
    evidence: {
      type: typeEvidence,
      kind: evidenceOf(doc, [anchor]),
      date: date.evidence,
      location: location.evidence,
      actors: actors.evidence,
      weapons: weapons.evidence,
      fatalities: fatalities.evidence,
      injured: injured.evidence,
      civilianFatalities: civ.evidence,
      strikes: strikes.evidence,
      attribution: attribution.evidence,
      historical: histEvidence,
      relevance: relevanceEvidence(doc, d, sentences),
    },
    extractor: { name: 'vigil', version: VERSION, rules: [...rules] },
  };
}

/**
 * Why the event was judged to report an event (48-relevance): the decision of each of its sentences that had one,
 * else the document's ("relevance:model:event:doc=1.20,sentence=3.40:t:air-strike+2.10 ...").
 */
function relevanceEvidence(doc: Doc, d: Draft, sentences: Sentence[]): Evidence[] {
  const rel = doc.relevance;
  if (!rel) return [];
  const out: Evidence[] = [];
  for (const i of [...d.sentences].sort((a, b) => a - b)) {
    const dec = rel.sentences.get(i);
    const s = sentences[i];
    if (dec && s && s.index === i) out.push({ start: s.start, end: s.end, text: doc.text.slice(s.start, s.end), rule: dec.rule });
  }
  if (out.length === 0) {
    const s = sentences[Math.min(...d.sentences)];
    if (s) out.push({ start: s.start, end: s.end, text: doc.text.slice(s.start, s.end), rule: rel.rule });
  }
  return out;
}

/**
 * A draft flagged historical only by cues that say nothing happened ("the group threatened to launch attacks",
 * "if any strike hits the city"; cue effect 'no-event' in lang/<xx>/historical.json) is no event at all: it is
 * dropped rather than recorded as background. A draft with any ordinary background cue stays historical.
 */
function onlyUnreal(doc: Doc, d: Draft, noEventCues: Set<string>): boolean {
  if (!d.historical || noEventCues.size === 0) return false;
  const cues = mentionsOfKind(doc, 'historical-cue').filter((m) => d.sentences.has(m.sentence));
  return cues.length > 0 && cues.every((m) => noEventCues.has(m.value.cue));
}

export const assembleStage: Stage = {
  name: '50-assemble',
  reads: ['text', 'sentences', 'mentions:trigger', 'mentions:historical-cue', 'places', 'mentions:actor', 'mentions:weapon', 'mentions:number', 'mentions:date', 'mentions:attribution', 'mentions:source-cue'],
  adds: ['events'],
  run(doc) {
    const sentences = sentencesOf(doc);
    if (sentences.length === 0) return doc;
    const scan = scanText(doc.text, doc.language);
    const drafts = buildDrafts(doc, {
      sentences,
      // Methods rather than arrow properties: one function object fewer to name per document (tsx keeps names).
      placeOf(s) {
        try {
          // The picker's place for the sentence, as a key only: no location record is built for it.
          return eventPlaceKey(doc, s);
        } catch (e) {
    rethrowBudget(e);
          return null;
        }
      },
      cuesIn(span) {
        return new Set(scan.cues.filter((c) => c.start >= span.start && c.end <= span.end).map((c) => c.entry.id));
      },
    });
    const { noEventCues } = lexiconFor(doc.language);
    const ordered = orderDrafts(drafts.filter((d) => !onlyUnreal(doc, d, noEventCues)));
    doc.events = ordered.map((d, i) => {
      spend(d.sentences.size + d.triggers.length);
      return buildEvent(doc, d, i + 1, sentences);
    });
    // Keep each event's own trigger offsets for the coder (60-code) without widening the shared model.
    ordered.forEach((d, i) => OWN.set(doc.events[i], new Set(d.triggers.map((t) => t.start))));
    return doc;
  },
};

/** Trigger start offsets grouped into each event, read by 60-code (weighs an event's own triggers above bystanders). */
export const OWN = new WeakMap<EventRecord, Set<number>>();

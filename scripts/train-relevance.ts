/**
 * Trains the English relevance model (src/extract/relevance) and writes data/relevance/en.json.
 *
 *   npx tsx scripts/train-relevance.ts [--train ../shared/train] [--out data/relevance/en.json] [--bits 19] [--epochs 6]
 *
 * Reads ../shared/train only (never ../shared/eval: those files measure the result). Sources, as credited in
 * ../shared/train/SOURCES.md:
 *  - acled-notes-train.jsonl: ACLED coder notes (ACLED, acleddata.com; ACLED Terms of Use): positives. The note's
 *    leading date clause ("On 5 August 2024,") is removed, so the model cannot learn a coder's habit instead of
 *    the event.
 *  - news-nonconflict-train.jsonl: business, sport, entertainment, tech, science ... news (Reuters-21578 for research,
 *    HuffPost News Category Dataset and UCI News Aggregator CC BY 4.0, Inshorts): negatives.
 *  - news-other-train.jsonl: politics, world and crime news, unlabelled. An item with no trigger of the event
 *    lexicon is a negative (politics without an event); an item with a strong trigger (weight >= 4) of a battle or
 *    bombardment, or of a protest or riot with a party cue (armed men, aircraft, demonstrators), is a weak positive
 *    (news prose about a clash or strike, weight --weak); the rest is left out.
 * Nothing of this data is copied into the repository: only the hashed weights.
 *
 * Deterministic: fixed split (FNV hash of the id: 1 in 10 held out for validation), fixed shuffle seed, plain
 * TypeScript AdaGrad on the logistic loss with L2. The validation figures are printed and stored in the file.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { scanText } from '../src/extract/classify/lexicon.js';
import { featuresOf, hash32, type FeatureSpec, type FeatureVector } from '../src/extract/relevance/features.js';
import { decodeModel, type RelevanceModelFile } from '../src/extract/relevance/model.js';
import { langData } from '../src/extract/lang/index.js';
import { extractDocument } from '../src/extract/pipeline.js';
import { decideRelevance } from '../src/extract/stages/48-relevance.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1]!);
const TRAIN = args.get('train') ?? '../shared/train';
const OUT = args.get('out') ?? 'data/relevance/en.json';
const BITS = Number(args.get('bits') ?? 19);
const EPOCHS = Number(args.get('epochs') ?? 6);
const L2 = Number(args.get('l2') ?? 1e-6);
const RATE = Number(args.get('rate') ?? 0.5);
/** Weight of a weak positive (news-other item with a strong trigger and an armed party). */
const WEAK = Number(args.get('weak') ?? 1);
const IGNORE_WORDS = langData<{ ignoreWords: string[] }>('en', 'relevance')!.ignoreWords;
const IGNORE = new Set(IGNORE_WORDS);
const COMMON_BITS = 20;
/** A word is common (not a name) when the training text writes it in lower case at least this often. */
const COMMON_MIN = 3;
if (/(^|[\\/])eval([\\/]|$)/.test(TRAIN)) throw new Error('refusing to train on an eval folder');

interface Row {
  id: string;
  text: string;
  event_type?: string;
  category?: string;
}
function readJsonl(name: string): Row[] {
  return readFileSync(join(TRAIN, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);
}

/** "On 5 August 2024, ...", "Around 12 October 2020 (between 12 - 13 October), ...": the coder's date clause. */
const LEAD_DATE =
  /^(?:on|around|between|from|during|in|over|sometime|as of|overnight|throughout|at)\b[^,.]{0,70}?\b(?:\d{4}|january|february|march|april|may|june|july|august|september|october|november|december|week|weekend|night)\b[^,]{0,40}?,\s*/i;
function stripLead(text: string): string {
  return text.replace(LEAD_DATE, '');
}

const acledRows = readJsonl('acled-notes-train.jsonl');
const nonconflictRows = readJsonl('news-nonconflict-train.jsonl');
const otherRows = readJsonl('news-other-train.jsonl');

// Words written in lower case somewhere in the training text (at least COMMON_MIN times) are common words; a
// capitalized word outside this set is a name (features.ts).
const lowerCounts = new Map<string, number>();
for (const r of [...acledRows, ...nonconflictRows, ...otherRows]) {
  const scan = scanText(r.text, 'en');
  for (const t of scan.tokens) {
    const c = r.text.charCodeAt(t.start);
    if (c >= 97 && c <= 122) lowerCounts.set(t.norm, (lowerCounts.get(t.norm) ?? 0) + 1);
  }
}
const common = new Uint8Array(1 << (COMMON_BITS - 3));
let commonWords = 0;
for (const [wd, n] of lowerCounts) {
  if (n < COMMON_MIN) continue;
  const h = hash32(wd) & ((1 << COMMON_BITS) - 1);
  common[h >> 3] |= 1 << (h & 7);
  commonWords++;
}
const RULE_FEATURES = (args.get('rule-features') ?? 'yes') === 'yes';
const SPEC: FeatureSpec = { bits: BITS, ignore: IGNORE, common, commonBits: COMMON_BITS, ruleFeatures: RULE_FEATURES };
console.error(`${commonWords} common lower-case words`);

const STRONG_CUES = new Set(['armed', 'non-state', 'aircraft', 'air-actor', 'missile-object', 'drone', 'demonstration', 'protester-ref']);
const EVENT_FAMILIES = new Set(['battle', 'remote', 'protest', 'riot']);
const REMOTE_OR_BATTLE = new Set(['battle', 'remote']);

interface Example {
  x: FeatureVector;
  y: 0 | 1;
  w: number;
  src: string;
  heldOut: boolean;
  /** Kept for the held-out examples only (validation through the stage). */
  text?: string;
}

function vectorOf(text: string): FeatureVector {
  const scan = scanText(text, 'en');
  return featuresOf(scan, 0, scan.tokens.length, SPEC);
}

const examples: Example[] = [];
const heldOut = (id: string) => hash32(id) % 10 === 0;
let t0 = Date.now();
for (const r of acledRows) {
  examples.push({ x: vectorOf(stripLead(r.text)), y: 1, w: 1, src: `acled:${r.event_type}`, heldOut: heldOut(r.id), text: r.text });
}
for (const r of nonconflictRows) {
  examples.push({ x: vectorOf(r.text), y: 0, w: 1, src: `nonconflict:${r.category}`, heldOut: heldOut(r.id), text: r.text });
}
let otherNeg = 0;
let otherPos = 0;
for (const r of otherRows) {
  const scan = scanText(r.text, 'en');
  const x = featuresOf(scan, 0, scan.tokens.length, SPEC);
  if (scan.triggers.length === 0) {
    examples.push({ x, y: 0, w: 1, src: 'other:no-trigger', heldOut: heldOut(r.id), text: r.text });
    otherNeg++;
  } else if (
    scan.triggers.some((t) => t.entry.def.weight >= 4 && REMOTE_OR_BATTLE.has(t.entry.def.family)) ||
    (scan.triggers.some((t) => t.entry.def.weight >= 4 && EVENT_FAMILIES.has(t.entry.def.family)) &&
      scan.cues.some((c) => STRONG_CUES.has(c.entry.id)))
  ) {
    examples.push({ x, y: 1, w: WEAK, src: 'other:strong-trigger', heldOut: heldOut(r.id), text: r.text });
    otherPos++;
  }
}
console.error(`features of ${examples.length} texts in ${((Date.now() - t0) / 1000).toFixed(1)} s (other: ${otherNeg} negatives, ${otherPos} weak positives)`);

// Balance the classes: the positive and the negative examples weigh the same in total.
const train = examples.filter((e) => !e.heldOut);
const valid = examples.filter((e) => e.heldOut);
for (const e of train) delete e.text;
const mass = [0, 0];
for (const e of train) mass[e.y] += e.w;
const classWeight = [(mass[0] + mass[1]) / (2 * mass[0]), (mass[0] + mass[1]) / (2 * mass[1])];

// mulberry32: a fixed shuffle per epoch
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(20261208);
const n = 1 << BITS;
const w = new Float64Array(n);
const g2 = new Float64Array(n).fill(1e-8);
let bias = 0;
let gb2 = 1e-8;
const order = train.map((_, i) => i);
t0 = Date.now();
for (let epoch = 0; epoch < EPOCHS; epoch++) {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  let loss = 0;
  for (const k of order) {
    const e = train[k]!;
    let z = bias;
    for (let i = 0; i < e.x.idx.length; i++) z += w[e.x.idx[i]!]! * e.x.value;
    const p = 1 / (1 + Math.exp(-z));
    const sw = e.w * classWeight[e.y]!;
    loss -= sw * (e.y ? Math.log(p + 1e-12) : Math.log(1 - p + 1e-12));
    const g = sw * (p - e.y);
    for (let i = 0; i < e.x.idx.length; i++) {
      const b = e.x.idx[i]!;
      const gi = g * e.x.value + L2 * w[b]!;
      g2[b] += gi * gi;
      w[b] -= (RATE * gi) / Math.sqrt(g2[b]!);
    }
    gb2 += g * g;
    bias -= (RATE * g) / Math.sqrt(gb2);
  }
  console.error(`epoch ${epoch + 1}: loss ${(loss / order.length).toFixed(4)} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

// Quantize to int16.
let maxAbs = 0;
for (let i = 0; i < n; i++) maxAbs = Math.max(maxAbs, Math.abs(w[i]!));
const scale = maxAbs / 32767 || 1;
const q = Buffer.alloc(n * 2);
const wq = new Float64Array(n);
for (let i = 0; i < n; i++) {
  const v = Math.round(w[i]! / scale);
  q.writeInt16LE(v, i * 2);
  wq[i] = v * scale;
}

// Validation on the held-out tenth, with the quantized weights, through the stage itself (48-relevance): the
// share of texts that keep at least one event trigger. For coder notes and weak positives that is recall (over the
// texts with a trigger at all); for non-conflict and trigger-less news it is the false-alarm rate.
const file: RelevanceModelFile = {
  about:
    'Relevance model (does this English text report a political-violence, demonstration or strategic-development event?). ' +
    'Logistic regression over hashed word unigrams/bigrams and event-lexicon features (src/extract/relevance/features.ts). ' +
    `Built by: npx tsx scripts/train-relevance.ts --bits ${BITS} --epochs ${EPOCHS} --weak ${WEAK} --l2 ${L2} --rule-features ${RULE_FEATURES ? 'yes' : 'no'} (reads ../shared/train: ACLED coder notes, ACLED Terms of Use; ` +
    'Reuters-21578, research use; HuffPost News Category Dataset and UCI News Aggregator, CC BY 4.0; Inshorts). No training text is stored here.',
  version: 1,
  lang: 'en',
  bits: BITS,
  bias: Number(bias.toFixed(6)),
  scale,
  weights: q.toString('base64'),
  ignoreWords: IGNORE_WORDS,
  commonBits: COMMON_BITS,
  common: Buffer.from(common).toString('base64'),
  ruleFeatures: RULE_FEATURES,
};
const model = decodeModel(file);
const bySrc = new Map<string, { n: number; withTriggers: number; kept: number; modelSaysEvent: number }>();
for (const e of valid) {
  const text = e.src.startsWith('acled:') ? stripLead(e.text!) : e.text!;
  const res = extractDocument({ id: 'v', source: text, language: 'en' }, { until: '42-weapons' });
  if (!res.ok) continue;
  const had = res.doc.mentions.some((m) => m.kind === 'trigger');
  const doc = decideRelevance(res.doc, model);
  const kept = doc.mentions.some((m) => m.kind === 'trigger');
  const scan = scanText(doc.text, 'en');
  const f = featuresOf(scan, 0, scan.tokens.length, SPEC);
  let z = model.bias;
  for (let i = 0; i < f.idx.length; i++) z += model.w[f.idx[i]!]! * f.value;
  const key = e.src.startsWith('acled:') ? 'acled (all)' : e.src.startsWith('nonconflict:') ? 'nonconflict (all)' : e.src;
  for (const k of new Set([key, e.src])) {
    const s = bySrc.get(k) ?? { n: 0, withTriggers: 0, kept: 0, modelSaysEvent: 0 };
    s.n++;
    if (had) s.withTriggers++;
    if (kept) s.kept++;
    if (z >= 0) s.modelSaysEvent++;
    bySrc.set(k, s);
  }
}
const validation: Record<string, unknown> = { heldOut: 'one in ten training items by FNV-1a hash of the id, run through stages 10-42 and 48-relevance' };
for (const [k, s] of [...bySrc].sort()) {
  validation[k] = {
    n: s.n,
    modelSaysEvent: Number((s.modelSaysEvent / s.n).toFixed(4)),
    withTriggers: s.withTriggers,
    keptTriggers: s.kept,
    keptShareOfTriggered: Number((s.kept / Math.max(1, s.withTriggers)).toFixed(4)),
  };
}
file.validation = validation;
for (const [k, v] of Object.entries(validation)) console.log(k, JSON.stringify(v));
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify(file) + '\n');
console.error(`wrote ${OUT}`);

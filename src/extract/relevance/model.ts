/**
 * The relevance model: a logistic regression over hashed features (features.ts), trained by
 * scripts/train-relevance.ts and stored in data/relevance/<lang>.json. It answers one question for a text (a whole
 * document or one sentence): does it report a political-violence, demonstration or strategic-development event?
 * Sport ("the striker fired a shot"), business ("a hostile takeover"), disasters, ordinary crime, reviews score low.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scan } from '../classify/lexicon.js';
import { featuresOf, hash32, type FeatureSpec } from './features.js';

export interface RelevanceModelFile {
  /** What it is and how it was made (the training command, the data it read, its validation figures). */
  about: string;
  version: number;
  lang: string;
  bits: number;
  bias: number;
  /** Weight of bucket i = int16[i] * scale; the int16 array little-endian, base64. */
  scale: number;
  weights: string;
  /** Words left out of the features (lang/<xx>/relevance.json at training time). */
  ignoreWords: string[];
  /** Bit set (base64) of the words seen in lower case in the training text, over hash32(word) mod 2^commonBits. */
  commonBits: number;
  common: string;
  /** Whether trigger and cue ids of the event lexicon are features (features.ts). */
  ruleFeatures: boolean;
  /** Validation figures written by the training script (held-out part of the training data). */
  validation?: Record<string, unknown>;
}

export interface RelevanceModel extends FeatureSpec {
  lang: string;
  bias: number;
  w: Float32Array;
}

export function decodeModel(f: RelevanceModelFile): RelevanceModel {
  const buf = Buffer.from(f.weights, 'base64');
  const n = 1 << f.bits;
  if (buf.length !== n * 2) throw new Error(`relevance model ${f.lang}: ${buf.length} weight bytes, expected ${n * 2}`);
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) w[i] = buf.readInt16LE(i * 2) * f.scale;
  const common = new Uint8Array(Buffer.from(f.common, 'base64'));
  if (common.length !== 1 << (f.commonBits - 3)) throw new Error(`relevance model ${f.lang}: common-word set of ${common.length} bytes`);
  return { lang: f.lang, bits: f.bits, bias: f.bias, w, ignore: new Set(f.ignoreWords), common, commonBits: f.commonBits, ruleFeatures: f.ruleFeatures };
}

/** data/relevance/ at the repository root (the compiled code in dist/ reads it from there too). */
export function modelDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return join(here, '..', '..', '..', 'data', 'relevance');
}

const loaded = new Map<string, RelevanceModel | null>();

/** The model of a language, or null when none ships (Arabic and Russian today: rules alone decide). */
export function relevanceModel(lang: string | null | undefined): RelevanceModel | null {
  const key = lang || 'en';
  if (loaded.has(key)) return loaded.get(key)!;
  const file = join(modelDir(), `${key}.json`);
  const m = existsSync(file) ? decodeModel(JSON.parse(readFileSync(file, 'utf8')) as RelevanceModelFile) : null;
  loaded.set(key, m);
  return m;
}

/** The log-odds that tokens [from, to) of the scan report an event. */
export function logit(model: RelevanceModel, scan: Scan, from: number, to: number): number {
  const f = featuresOf(scan, from, to, model);
  let z = model.bias;
  for (let i = 0; i < f.idx.length; i++) z += model.w[f.idx[i]!]! * f.value;
  return z;
}

/** The features of tokens [from, to) that push the score most, for the evidence ("u:striker-1.92"). */
export function strongestFeatures(model: RelevanceModel, scan: Scan, from: number, to: number, k = 3): string[] {
  const names: string[] = [];
  featuresOf(scan, from, to, model, names);
  const mask = (1 << model.bits) - 1;
  const scored = [...new Set(names)].map((n) => ({ n, w: model.w[hash32(n) & mask]! }));
  scored.sort((a, b) => Math.abs(b.w) - Math.abs(a.w) || (a.n < b.n ? -1 : 1));
  return scored.slice(0, k).map((s) => `${s.n}${s.w >= 0 ? '+' : ''}${s.w.toFixed(2)}`);
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * `npm run same-output`: the output-equivalence check for refactors and speed work.
 *
 * Extracts every dev file of ../shared/eval (when that folder is there), the seed, the sample reports and the golden
 * fixture inputs, and compares each document's whole output (language, sentences, mentions, places, events with
 * their evidence, warnings) with the digest stored in test/same-output/. Documents that differ are named, with the
 * parts that differ. Exit 0 when everything is the same, 1 otherwise.
 *
 *   npm run same-output                 compare
 *   npm run same-output -- --update     store the current output as the new reference (after an intended change;
 *                                       say in the commit which figures moved and why)
 *   npm run same-output -- --only acled compare only the sets whose name contains "acled"
 *
 * The digest holds hashes only (of document ids and of outputs), never text or data from ../shared.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractDocument } from '../src/extract/pipeline.js';
import { decodeText, mediaTypeFor } from '../src/extract/input.js';
import type { SourceDocument, Doc } from '../src/model/document.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const digestDir = join(root, 'test', 'same-output');
const evalDir = join(root, '..', 'shared', 'eval');
const args = process.argv.slice(2);
const update = args.includes('--update');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] ?? '' : '';

interface InputSet {
  name: string;
  docs: () => Iterable<SourceDocument>;
}

function* jsonlDocs(file: string): Iterable<SourceDocument> {
  const lines = readFileSync(file, 'utf8').split('\n');
  for (const line of lines) {
    if (!line.trim()) continue;
    const g = JSON.parse(line) as { id: string; text: string; language?: string | null; published?: string | null };
    yield { id: g.id, source: g.text, language: g.language ?? null, published: g.published ?? null };
  }
}

function* folderDocs(dir: string): Iterable<SourceDocument> {
  for (const f of readdirSync(dir).sort()) {
    const mediaType = mediaTypeFor(f);
    if (!mediaType) continue;
    const metaFile = join(dir, f.replace(/\.[^.]+$/, '.meta.json'));
    const meta = existsSync(metaFile) ? (JSON.parse(readFileSync(metaFile, 'utf8')) as { published?: string; language?: string }) : {};
    yield { id: f, source: decodeText(readFileSync(join(dir, f))), mediaType, published: meta.published ?? null, language: meta.language ?? null };
  }
}

function inputSets(): InputSet[] {
  const sets: InputSet[] = [
    { name: 'samples-reports', docs: () => folderDocs(join(root, 'samples', 'reports')) },
    { name: 'fixtures-in', docs: () => folderDocs(join(root, 'fixtures', 'in')) },
  ];
  if (existsSync(join(evalDir, 'seed.jsonl'))) sets.push({ name: 'eval-seed', docs: () => jsonlDocs(join(evalDir, 'seed.jsonl')) });
  const dev = join(evalDir, 'dev');
  if (existsSync(dev)) {
    for (const f of readdirSync(dev).filter((f) => f.endsWith('.jsonl')).sort()) {
      sets.push({ name: `eval-dev-${basename(f, '.jsonl')}`, docs: () => jsonlDocs(join(dev, f)) });
    }
  } else {
    console.log(`same-output: ${evalDir} is not there; comparing samples and fixtures only`);
  }
  return sets.filter((s) => !only || s.name.includes(only));
}

const hash = (s: string, n: number) => createHash('sha256').update(s).digest('hex').slice(0, n);

/** The parts of a document's output, each hashed on its own so that a difference can be named. */
function parts(doc: Doc): Record<string, string> {
  return {
    front: hash(JSON.stringify([doc.text.length, doc.title, doc.language, doc.sentences]), 10),
    mentions: hash(JSON.stringify(doc.mentions), 10),
    places: hash(JSON.stringify(doc.places), 10),
    events: hash(JSON.stringify(doc.events), 10),
    warnings: hash(JSON.stringify(doc.warnings), 10),
  };
}

const PART_NAMES = ['front', 'mentions', 'places', 'events', 'warnings'];

function partsOf(input: SourceDocument): Record<string, string> {
  const r = extractDocument(input);
  if (!r.ok) return Object.fromEntries(PART_NAMES.map((p) => [p, `error:${r.error.code}`]));
  return parts(r.doc);
}

let differ = 0;
let total = 0;
const t0 = performance.now();
mkdirSync(digestDir, { recursive: true });
for (const set of inputSets()) {
  const file = join(digestDir, `${set.name}.tsv`);
  const stored = new Map<string, string[]>();
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const [key, ...hashes] = line.split('\t');
      if (key) stored.set(key, hashes);
    }
  }
  const lines: string[] = [];
  const named: string[] = [];
  let setDiffer = 0;
  const seen = new Set<string>();
  for (const input of set.docs()) {
    total++;
    // The same id may occur twice in a set: the key counts occurrences so each one is compared with its own.
    let key = hash(input.id, 12);
    for (let n = 2; seen.has(key); n++) key = `${hash(input.id, 12)}.${n}`;
    seen.add(key);
    const now = partsOf(input);
    const hashes = PART_NAMES.map((p) => now[p]!);
    lines.push([key, ...hashes].join('\t'));
    const was = stored.get(key);
    if (!update && (!was || was.join('\t') !== hashes.join('\t'))) {
      setDiffer++;
      const which = was ? PART_NAMES.filter((_, i) => was[i] !== hashes[i]) : ['new document'];
      if (named.length < 20) named.push(`  ${input.id}: ${which.join(', ')}`);
    }
  }
  const gone = [...stored.keys()].filter((k) => !seen.has(k)).length;
  if (update) {
    writeFileSync(file, `${lines.join('\n')}\n`);
    console.log(`${set.name}: ${lines.length} documents stored`);
  } else {
    console.log(`${set.name}: ${lines.length} documents, ${setDiffer} differ${gone ? `, ${gone} no longer in the input` : ''}`);
    for (const n of named) console.log(n);
    if (setDiffer > named.length) console.log(`  … and ${setDiffer - named.length} more`);
    differ += setDiffer + gone;
  }
}
const secs = ((performance.now() - t0) / 1000).toFixed(1);
if (update) console.log(`same-output: reference updated (${total} documents, ${secs} s)`);
else console.log(`same-output: ${differ === 0 ? 'identical' : `${differ} differ`} (${total} documents, ${secs} s)`);
process.exitCode = !update && differ > 0 ? 1 : 0;

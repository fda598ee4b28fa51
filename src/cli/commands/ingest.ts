/**
 * vigil ingest PATH|URL... [--db URL] [--allow-private] [--text-column NAME] [--json] [--jobs N]
 *
 * Reads files, folders, JSONL, CSV, feeds, web pages and Telegram exports (src/ingest), extracts the
 * events of each new document (src/extract) and stores each document in ONE transaction with its
 * original bytes, events, incident assignment and custody entry (src/store). Bad items are recorded
 * with their error code and the batch goes on. Exit status: 0 ok, 1 if any item failed, 2 fatal.
 */
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { loadConfig } from '../../config/schema.js';
import { describeError, toVigilError } from '../../errors/catalogue.js';
import { readSources } from '../../ingest/index.js';
import { extractInOrder } from '../../extract/parallel/pool.js';
import type { ExtractResult } from '../../extract/pipeline.js';
import { parseJobs } from './extract.js';
import { DB_OPTION_HELP, dbUrl } from '../../store/cli-util.js';
import { openStore } from '../../store/index.js';
import type { IngestDocumentInput, Store } from '../../store/types.js';
import type { IngestItem, IngestOk } from '../../ingest/index.js';

interface IngestOpts { db?: string; allowPrivate?: boolean; textColumn?: string; json?: boolean; progress?: boolean; jobs?: number; source?: string }

export interface IngestSummary {
  items: number;
  new: number;
  duplicate: number;
  failed: number;
  failures: Record<string, number>;
  /** Inputs read with repairs or losses (a malformed or truncated feed), by code; the items that were read are stored. */
  warnings: Record<string, number>;
  events: number;
  newIncidents: number;
  incidentsTotal: number;
  seconds: number;
}

function originOf(item: IngestOk): string {
  return `${item.origin.kind}:${item.origin.locator}`;
}

/** Store one extracted item (or record why its extraction failed); returns what happened. */
async function storeItem(store: Store, item: IngestOk, res: ExtractResult): Promise<{ status: 'new' | 'duplicate' | 'failed'; code?: string; events: number; newIncidents: number }> {
  if (!res.ok) {
    await store.recordIngestError({ locator: item.origin.locator, sha256: item.sha256, code: res.error.code, message: res.error.message });
    return { status: 'failed', code: res.error.code, events: 0, newIncidents: 0 };
  }
  const input: IngestDocumentInput = {
    sha256: item.sha256,
    raw: item.raw,
    mediaType: item.mediaType,
    capturedAt: item.capturedAt,
    origin: originOf(item),
    source: { name: item.source.name, kind: item.source.kind, url: item.source.url ?? null },
    document: item.document,
    text: res.doc.text,
    language: res.doc.language,
    events: res.doc.events,
  };
  const r = await store.ingestDocument(input);
  return { status: r.status, events: r.eventIds.length, newIncidents: r.newIncidents };
}

/** Items with their duplicate status, looked up before extraction so that known originals are never re-extracted. */
async function* withDuplicateFlag(store: Store, items: AsyncIterable<IngestItem>): AsyncGenerator<{ item: IngestItem; known: boolean }> {
  for await (const item of items) {
    yield { item, known: item.ok ? (await store.knownHashes([item.sha256])).has(item.sha256) : false };
  }
}

export async function runIngest(inputs: string[], opts: IngestOpts): Promise<IngestSummary> {
  const config = loadConfig(process.env, opts.db ? { database: { url: opts.db } } : {});
  const store = await openStore(dbUrl(opts));
  const t0 = Date.now();
  const s: IngestSummary = { items: 0, new: 0, duplicate: 0, failed: 0, failures: {}, warnings: {}, events: 0, newIncidents: 0, incidentsTotal: 0, seconds: 0 };
  // A progress bar only on a terminal, and only once the run has lasted a second.
  const tty = opts.progress !== false && process.stderr.isTTY === true;
  let bar: cliProgress.SingleBar | null = null;
  const fail = async (locator: string, code: string, message: string, sha?: string) => {
    s.failed++;
    s.failures[code] = (s.failures[code] ?? 0) + 1;
    await store.recordIngestError({ locator, sha256: sha ?? null, code, message }).catch(() => undefined);
  };
  try {
    const items = withDuplicateFlag(store, readSources(inputs, { allowPrivate: !!opts.allowPrivate, limits: config.limits, textColumn: opts.textColumn, source: opts.source }));
    // Extraction may run on worker threads (--jobs); storing stays here, one transaction per item, in input order,
    // so an item counts as ingested only once its own transaction has committed.
    const extracted = extractInOrder(
      items,
      ({ item, known }) => (item.ok && !known ? { ...item.document, captured: item.document.captured ?? item.capturedAt } : null),
      { config, workers: opts.jobs },
    );
    for await (const { item: { item, known }, result } of extracted) {
      s.items++;
      if (item.ok && item.warnings?.length) {
        for (const w of item.warnings) {
          s.warnings[w.code] = (s.warnings[w.code] ?? 0) + 1;
          // kept in the ingest log (`vigil db errors`) with the rest, and said at once
          await store.recordIngestError({ locator: item.container?.locator ?? item.origin.locator, sha256: item.container?.sha256 ?? null, code: w.code, message: w.message }).catch(() => undefined);
          if (!opts.json) process.stderr.write(`vigil: warning: ${w.code}: ${w.message}\n`);
        }
      }
      if (!item.ok) {
        await fail(item.origin.locator, item.error.code, item.error.message);
      } else if (known || !result) {
        s.duplicate++;
      } else {
        try {
          const r = await storeItem(store, item, result);
          if (r.status === 'failed') {
            s.failed++;
            s.failures[r.code!] = (s.failures[r.code!] ?? 0) + 1;
          } else {
            s[r.status]++;
            s.events += r.events;
            s.newIncidents += r.newIncidents;
            // a capture holding no report (login wall, deleted post): stored, and its status kept in the ingest log
            const cap = result.ok ? result.doc.capture : null;
            if (cap?.status === 'no-report') {
              const code = 'VIGIL_ERR_NO_REPORT';
              s.warnings[code] = (s.warnings[code] ?? 0) + 1;
              await store.recordIngestError({ locator: item.origin.locator, sha256: item.sha256 ?? null, code, message: `${cap.reason ?? 'no report'}: ${describeError(code)}` }).catch(() => undefined);
            }
          }
        } catch (e) {
          const err = toVigilError(e);
          // The database itself failing is fatal; anything else is this item's problem.
          if (err.code === 'VIGIL_ERR_DB_UNAVAILABLE') throw err;
          await fail(item.origin.locator, err.code, err.message, item.sha256);
        }
      }
      if (tty && !bar && Date.now() - t0 > 1000) {
        bar = new cliProgress.SingleBar({
          format: 'ingest | {value} items | {new} new, {duplicate} duplicate, {failed} failed | {events} events | {rate} items/s',
          stream: process.stderr, hideCursor: true,
        }, cliProgress.Presets.shades_classic);
        bar.start(0, 0);
      }
      if (bar && s.items % 5 === 0) {
        bar.update(s.items, { ...s, rate: (s.items / ((Date.now() - t0) / 1000)).toFixed(1) });
      }
    }
    bar?.update(s.items, { ...s, rate: (s.items / ((Date.now() - t0) / 1000)).toFixed(1) });
    bar?.stop();
    s.incidentsTotal = (await store.stats()).incidents;
  } finally {
    bar?.stop();
    await store.close();
  }
  s.seconds = (Date.now() - t0) / 1000;
  return s;
}

export function register(program: Command): void {
  program
    .command('ingest')
    .description('store reports with provenance: files, folders, JSONL, CSV, RSS/Atom, web pages, Telegram exports')
    .argument('<inputs...>', 'files, folders or http(s) URLs')
    .option('--db <url>', DB_OPTION_HELP)
    .option('--allow-private', 'allow URLs that resolve to private or loopback addresses')
    .option('--text-column <name>', 'CSV column holding the text')
    .option('--source <name>', 'the publisher of inputs that name none themselves (front matter, feed, page, channel or a source column win)')
    .option('--json', 'print the summary as JSON')
    .option('--no-progress', 'never show a progress bar')
    .option('-j, --jobs <n>', 'extraction worker threads (0 = one per CPU core; default: config extraction.workers, 1)', parseJobs)
    .action(async (inputs: string[], opts: IngestOpts) => {
      const s = await runIngest(inputs, opts);
      if (opts.json) process.stdout.write(`${JSON.stringify(s)}\n`);
      else {
        const codes = Object.entries(s.failures).map(([c, n]) => `${c} x${n}`).join(', ');
        const warned = Object.entries(s.warnings).map(([c, n]) => `${c} x${n}`).join(', ');
        process.stdout.write(
          `ingested ${s.items} item(s) in ${s.seconds.toFixed(1)} s: ${s.new} new, ${s.duplicate} duplicate, ${s.failed} failed${codes ? ` (${codes})` : ''}\n` +
          (warned ? `read with warnings: ${warned}\n` : '') +
          `${s.events} event(s) stored, ${s.newIncidents} new incident(s), ${s.incidentsTotal} incident(s) in the store\n`,
        );
      }
      if (s.failed > 0) process.exitCode = 1;
    });
}

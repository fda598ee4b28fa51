/**
 * vigil extract FILE|- [--format json|jsonl|table] [--jsonl] [--mentions] [--jobs N]
 * Reads a report (text, HTML or Markdown) or a JSONL file of FORMAT.md documents ({id, text, language?, published?})
 * and writes its event records. A bad document (empty, binary, not UTF-8, too large, HTML with no text,
 * malformed JSONL line) gets an error line on stderr ({"id", "line"?, "code", "message"}) and the batch goes on;
 * the exit status is 1 when any document failed. With --jobs N, N worker threads extract; output keeps input order.
 */
import type { Command } from 'commander';
import { statSync } from 'node:fs';
import { loadConfig } from '../../config/schema.js';
import { extractInOrder } from '../../extract/parallel/pool.js';
import { readDocuments } from '../../extract/input.js';
import type { Doc } from '../../model/document.js';
import type { EventRecord } from '../../model/event.js';
import { VigilError } from '../../errors/catalogue.js';
import { rootLogger } from '../../log.js';
import { dateRangeText } from '../../store/cli-util.js';

type Format = 'json' | 'jsonl' | 'table';

interface DocOutput {
  id: string;
  language: string | null;
  title: string | null;
  events: EventRecord[];
  mentions?: Doc['mentions'];
}

function short(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** The table's fixed columns: [header, width]. Rows are streamed, so widths are fixed rather than fitted. */
export const TABLE_COLUMNS: [string, number][] = [
  ['event', 30], ['type', 34], ['date', 22], ['place', 22], ['fatalities', 10], ['actors', 44], ['weapons', 28], ['attribution', 11],
];
const ROLE_MARK: Record<string, string> = { perpetrator: 'p', target: 't', victim: 'v', participant: 'a' };

/** What the table's marks mean, printed once after it. */
export const TABLE_LEGEND =
  'actors: [p] perpetrator, [t] target, [v] victim, [a] participant; weapons: ! weapon of concern; fatalities: - not reported, ' +
  'a-b a range; date: "≤D" undated, no later than D (publication or capture), "undated" with no bound, "a..b" a range; ' +
  '(historical): background to the report, not a new event';

const fit = (cells: string[]) =>
  cells.map((c, i) => short(c.replace(/[\u0000-\u001f\u007f]/g, ' '), TABLE_COLUMNS[i][1]).padEnd(TABLE_COLUMNS[i][1])).join('  ').trimEnd();

/** The header row and its rule. */
export function tableHeader(): string[] {
  return [fit(TABLE_COLUMNS.map(([h]) => h)), fit(TABLE_COLUMNS.map(([, w]) => '-'.repeat(w)))];
}

/** One line per event, for reading in a terminal: fixed columns under tableHeader(). */
export function tableRows(out: DocOutput): string[] {
  if (!out.events.length) return [fit([out.id, '(no events)'])];
  return out.events.map((e) => {
    const fat = e.fatalities ? (e.fatalities.low === e.fatalities.high ? `${e.fatalities.low}` : `${e.fatalities.low}-${e.fatalities.high}`) : '-';
    // the same words as `vigil events` / `vigil incidents` (store/cli-util dateRangeText)
    const date = dateRangeText(e.date.start, e.date.end, e.date.notAfter);
    const actors = e.actors.map((a) => `${a.name}[${ROLE_MARK[a.role] ?? a.role[0]}]`).join('; ') || '-';
    const weapons = e.weapons.map((w) => (w.concern ? `${w.name}!` : w.name)).join('; ') || '-';
    const type = `${e.subEventType ?? e.eventType ?? e.kind}${e.historical ? ' (historical)' : ''}`;
    return fit([e.id, type, date, e.location?.name ?? '-', fat, actors, weapons, e.attribution.status]);
  });
}

/** `--jobs` value: a whole number from 0 (one per core) to 64. */
export function parseJobs(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new VigilError('VIGIL_ERR_VALIDATION', `--jobs must be a whole number from 0 to 64 (got ${value})`);
  return n;
}

export function register(program: Command): void {
  program
    .command('extract')
    .description('Extract evidence-linked event records from a report (text, HTML, Markdown) or a JSONL file of documents')
    .argument('<file>', "input file, or '-' for standard input")
    .option('-f, --format <format>', 'output: json | jsonl | table', 'json')
    .option('--jsonl', 'read the input as JSONL documents even without a .jsonl name')
    .option('--mentions', 'include the recognized mentions (actors, weapons, numbers, dates ...) in json/jsonl output')
    .option('-j, --jobs <n>', 'worker threads for a batch (0 = one per CPU core; default: config extraction.workers, 1)', parseJobs)
    .action(async (file: string, opts: { format: string; jsonl?: boolean; mentions?: boolean; jobs?: number }) => {
      const format = opts.format as Format;
      if (!['json', 'jsonl', 'table'].includes(format)) {
        throw new VigilError('VIGIL_ERR_VALIDATION', `--format must be json, jsonl or table (got ${opts.format})`);
      }
      const config = loadConfig();
      // per-document failures are reported once, as JSON lines below; the pipeline's own warnings would repeat them
      const logger = rootLogger.child({}, { level: process.env.VIGIL_LOG_LEVEL ?? 'error' });
      let failed = 0;
      let first = true;
      let opened = false;
      // The JSON array opens with the first result: an input that cannot be read at all (a missing file, a folder)
      // leaves stdout empty, never half an array.
      const open = () => {
        if (opened) return;
        opened = true;
        if (format === 'json') process.stdout.write('[');
        else if (format === 'table') process.stdout.write(`${tableHeader().join('\n')}\n`);
      };
      const fail = (e: VigilError) => {
        failed++;
        process.stderr.write(`${JSON.stringify({ id: file, code: e.code, message: e.message })}\n`);
      };
      if (file !== '-') {
        const st = statSync(file, { throwIfNoEntry: false });
        if (!st) fail(new VigilError('VIGIL_ERR_FILE_NOT_FOUND', file));
        else if (st.isDirectory()) fail(new VigilError('VIGIL_ERR_IS_DIRECTORY', file));
      }
      const items = failed ? [] : readDocuments(file, { config, jsonl: opts.jsonl });
      try {
      for await (const { item, result: r } of extractInOrder(items, (it) => (it.ok ? it.doc : null), { config, workers: opts.jobs, logger, logLevel: logger.level })) {
        open();
        let output: DocOutput | null = null;
        if (item.ok && r) {
          if (r.ok) {
            output = { id: r.doc.id, language: r.doc.language, title: r.doc.title, events: r.doc.events, ...(opts.mentions ? { mentions: r.doc.mentions } : {}) };
          } else {
            failed++;
            process.stderr.write(`${JSON.stringify({ id: r.id, ...(item.line ? { line: item.line } : {}), code: r.error.code, message: r.error.message })}\n`);
          }
        } else if (!item.ok) {
          failed++;
          process.stderr.write(`${JSON.stringify({ id: item.id, ...(item.line ? { line: item.line } : {}), code: item.error.code, message: item.error.message })}\n`);
        }
        if (!output) continue;
        if (format === 'json') {
          process.stdout.write(`${first ? '\n' : ',\n'}${JSON.stringify(output, null, 2)}`);
          first = false;
        } else if (format === 'jsonl') process.stdout.write(`${JSON.stringify(output)}\n`);
        else process.stdout.write(`${tableRows(output).join('\n')}\n`);
      }
      } catch (e) {
        // the input as a whole could not be read (after some documents, the array is still closed below)
        if (e instanceof VigilError) fail(e);
        else throw e;
      }
      if (!opened && failed === 0) open(); // no document at all (an empty JSONL file): an empty array
      if (opened && format === 'json') process.stdout.write(first ? ']\n' : '\n]\n');
      else if (opened && format === 'table') process.stdout.write(`\n${TABLE_LEGEND}\n`);
      if (failed) process.exitCode = 1;
    });
}

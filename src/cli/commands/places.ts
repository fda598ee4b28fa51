/**
 * vigil places FILE|- [--format table|json] [--all]
 * Runs extraction up to the geoparser (46-places) on a text file (or stdin) and lists the toponyms with their
 * spans, coordinates, precision, rule, confidence and runner-up candidates.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { extractDocument } from '../../extract/pipeline.js';
import { toVigilError, VigilError } from '../../errors/catalogue.js';
import { pickEventLocation } from '../../geo/event-location.js';
import { loadConfig } from '../../config/schema.js';
import type { Toponym } from '../../model/toponym.js';
import { EXPLANATIONS, explainResolutions } from '../../geo/resolve.js';

function readInput(file: string, maxBytes: number): string {
  try {
    const buf = readFileSync(file === '-' ? 0 : file);
    if (buf.length > maxBytes) throw new VigilError('VIGIL_ERR_TOO_LARGE', `${file}: ${buf.length} bytes`);
    return buf.toString('utf8');
  } catch (e) {
    if (e instanceof VigilError) throw e;
    throw new VigilError('VIGIL_ERR_FILE_NOT_FOUND', file);
  }
}

const fmt = (x: number): string => x.toFixed(3);

function row(t: Toponym): string[] {
  const r = t.resolved;
  return [
    `${t.start}-${t.end}`, t.text, r ? r.name : '-', r ? `${fmt(r.lat)}, ${fmt(r.lon)}` : '-', r ? `${r.country} ${r.admin1 ?? ''}`.trim() : '-',
    r ? r.featureCode : '-', t.precision, t.confidence.toFixed(2), t.rule + (t.adjectival ? ' (adjective)' : ''),
    t.alternatives.map((a) => `${a.name} ${a.country} ${a.score}`).join('; '),
  ];
}

export function register(program: Command): void {
  program
    .command('places')
    .argument('<file>', 'text file, or - for standard input')
    .option('--format <f>', 'table or json', 'table')
    .description('geoparse a text: toponyms with spans, coordinates, candidates and scores, and the main event location')
    .action((file: string, opts: { format: string }) => {
      if (!['table', 'json'].includes(opts.format)) {
        process.stderr.write('vigil: --format must be table or json\n');
        process.exitCode = 2;
        return;
      }
      try {
        const config = loadConfig();
        const text = readInput(file, config.limits.maxDocumentBytes);
        explainResolutions(true);
        const r = extractDocument({ id: file, source: text }, { until: '46-places', config });
        if (!r.ok) throw r.error;
        const doc = r.doc;
        const loc = pickEventLocation(doc, { start: 0, end: doc.text.length });
        if (opts.format === 'json') {
          const toponyms = doc.places.map((t) => ({ ...t, explanation: EXPLANATIONS.get(t) }));
          process.stdout.write(`${JSON.stringify({ id: file, toponyms, eventLocation: loc.value, eventLocationRules: loc.rules }, null, 2)}\n`);
          return;
        }
        const head = ['span', 'text', 'resolved', 'lat, lon', 'country admin1', 'code', 'precision', 'conf', 'rule', 'runner-ups'];
        const rows = doc.places.map(row);
        const widths = head.map((h, i) => Math.min(40, Math.max(h.length, ...rows.map((r) => r[i].length))));
        const line = (cells: string[]): string => cells.map((c, i) => (c.length > widths[i] ? `${c.slice(0, widths[i] - 1)}…` : c.padEnd(widths[i]))).join('  ').trimEnd();
        process.stdout.write(`${line(head)}\n${rows.map(line).join('\n')}\n`);
        // Why each place went where it went: the parts of the winner's score, then the best candidates and scores.
        for (const t of doc.places) {
          const x = EXPLANATIONS.get(t);
          if (!x) continue;
          process.stdout.write(`\n${t.text} (${t.start}-${t.end}):\n${x.why.map((w) => `  ${w}`).join('\n')}\n`);
          process.stdout.write(`  candidates: ${x.candidates.map((c) => `${c.name} ${c.country} ${c.admin1 ?? ''} ${c.featureCode} ${c.score}`).join('; ')}\n`);
        }
        if (loc.value) {
          const v = loc.value;
          process.stdout.write(`event location: ${v.name} (${fmt(v.lat ?? 0)} N, ${fmt(v.lon ?? 0)} E), admin1 ${v.admin1 ?? '-'}, ${v.precision} (ACLED geo_precision ${v.geoPrecision ?? '-'}), rules ${loc.rules.join(' ')}\n`);
        }
      } catch (e) {
        const err = toVigilError(e);
        process.stderr.write(`vigil: ${err.code}: ${err.message}\n`);
        process.exitCode = err.status < 500 ? 2 : 1;
      }
    });
}

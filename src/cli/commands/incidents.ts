/**
 * vigil incidents [filters] [--format table|json|jsonl|csv|geojson] [--show ID]
 * One row per incident: the reports of one real-world event grouped, with fatalities low/best/high
 * across reports and the corroboration grade with its reasons.
 */
import type { Command } from 'commander';
import { VigilError } from '../../errors/catalogue.js';
import { addFilterOptions, checkFormat, limitFromOpts, queryFromOpts, dateRangeText, rangeText, table, withStore, writeExport, type FilterOpts } from '../../store/cli-util.js';
import { incidentExportRow } from '../../store/export-rows.js';
import type { IncidentQuery, IncidentStatus } from '../../store/types.js';

interface IncOpts extends FilterOpts { status?: string; includeMerged?: boolean; show?: string }

export function register(program: Command): void {
  addFilterOptions(
    program
      .command('incidents')
      .description('list incidents (clustered reports) with filters, show one, or export them'),
  )
    .option('--status <s>', 'pending, accepted, rejected or merged (comma-separated)')
    .option('--include-merged', 'include incidents merged into others')
    .option('--show <id>', 'one incident with its events, sources, grade reasons and merge explanations')
    .action(async (opts: IncOpts) => {
      const format = checkFormat(opts.format);
      const q: IncidentQuery = queryFromOpts(opts);
      if (opts.status) q.status = opts.status.split(',') as IncidentStatus[];
      if (opts.includeMerged) q.includeMerged = true;
      const limit = limitFromOpts(opts);
      await withStore(opts, async (store) => {
        if (opts.show) {
          const inc = await store.getIncident(Number(opts.show));
          if (!inc) throw new VigilError('VIGIL_ERR_NOT_FOUND', `incident ${opts.show}`);
          if (format === 'table') {
            process.stdout.write(`incident ${inc.id}: ${inc.subEventType ?? inc.kind} at ${inc.locationName ?? '?'} (${inc.admin1 ?? ''} ${inc.country ?? ''}) ${inc.dateStart ?? ''}${inc.dateEnd && inc.dateEnd !== inc.dateStart ? `..${inc.dateEnd}` : ''}\n`);
            process.stdout.write(`status ${inc.status}, grade ${inc.grade ?? '-'}, fatalities ${rangeText(inc.fatalities) || '-'}, ${inc.eventCount} event(s) from ${inc.documentCount} document(s), ${inc.sourceCount} independent source(s)\n`);
            for (const r of inc.reasons) process.stdout.write(`  grade: ${r}\n`);
            for (const e of inc.events) {
              process.stdout.write(`  event ${e.id} [${e.status}] doc ${e.documentId} (${e.sourceName ?? '?'}, ${e.sourceKind ?? '?'}): ${e.kind}, ${rangeText(e.fatalities) || '-'} killed\n`);
              for (const r of e.clusterReasons) process.stdout.write(`    joined: ${r}\n`);
            }
          } else process.stdout.write(`${JSON.stringify(inc, null, format === 'json' ? 2 : 0)}\n`);
          return;
        }
        if (format !== 'table') {
          await writeExport(format, store.iterateIncidents(q), async (i) => {
            const sources = [...new Set((await store.queryEvents({ incidentId: i.id, limit: 1000 })).items.map((e) => e.sourceName).filter((x): x is string => !!x))];
            return incidentExportRow(i, sources);
          }, limit);
          return;
        }
        const page = await store.queryIncidents({ ...q, limit: limit ?? 50 });
        process.stdout.write(table(
          ['id', 'date', 'type', 'place', 'admin1', 'lat', 'lon', 'fatalities', 'grade', 'events', 'sources', 'status'],
          page.items.map((i) => [i.id, dateRangeText(i.dateStart, i.dateEnd), i.subEventType ?? i.kind, i.locationName, i.admin1, i.lat?.toFixed(3), i.lon?.toFixed(3),
            rangeText(i.fatalities), i.grade, i.eventCount, i.sourceCount, i.status]),
          32,
        ));
        process.stderr.write(`${page.items.length} incident(s)${page.nextCursor ? ' (more: use --limit or an export format)' : ''}\n`);
      });
    });
}

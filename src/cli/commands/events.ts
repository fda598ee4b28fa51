/**
 * vigil events [filters] [--format table|json|jsonl|csv|geojson]
 * Filters: --since --until --bbox --place --type --actor --weapon --grade --text (see --help);
 * csv is ACLED-style (ACLED's column names), geojson a FeatureCollection of points.
 */
import type { Command } from 'commander';
import { addFilterOptions, checkFormat, limitFromOpts, queryFromOpts, dateRangeText, rangeText, table, withStore, writeExport, type FilterOpts } from '../../store/cli-util.js';
import { eventExportRow } from '../../store/export-rows.js';
import type { EventStatus } from '../../store/types.js';

interface EventOpts extends FilterOpts { status?: string; incident?: string; includeHistorical?: boolean }

export function register(program: Command): void {
  addFilterOptions(
    program
      .command('events')
      .description('list stored events with filters, or export them (ACLED CSV, GeoJSON, JSON Lines)'),
  )
    .option('--status <s>', 'pending, accepted or rejected (comma-separated)')
    .option('--incident <id>', 'events of one incident')
    .option('--include-historical', 'include background (historical) events')
    .action(async (opts: EventOpts) => {
      const format = checkFormat(opts.format);
      const q = queryFromOpts(opts);
      if (opts.status) q.status = opts.status.split(',') as EventStatus[];
      if (opts.incident) q.incidentId = Number(opts.incident);
      if (opts.includeHistorical) q.includeHistorical = true;
      const limit = limitFromOpts(opts);
      await withStore(opts, async (store) => {
        if (format !== 'table') {
          await writeExport(format, store.iterateEvents(q), eventExportRow, limit);
          return;
        }
        const page = await store.queryEvents({ ...q, limit: limit ?? 50 });
        process.stdout.write(table(
          ['id', 'date', 'type', 'place', 'admin1', 'fatalities', 'actors', 'weapons', 'incident', 'grade', 'status'],
          page.items.map((e) => [e.id, dateRangeText(e.dateStart, e.dateEnd, e.record.date?.notAfter), e.subEventType ?? e.kind, e.locationName, e.admin1,
            rangeText(e.fatalities), e.actors.join('; '), e.weapons.join('; '), e.incidentId, e.grade, e.status]),
          32,
        ));
        const total = await store.countEvents(q);
        process.stderr.write(`${page.items.length} of ${total} event(s)${page.nextCursor ? ' (use --limit or an export format for more)' : ''}\n`);
      });
    });
}

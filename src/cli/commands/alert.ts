/**
 * vigil alert add NAME --webhook URL [--email ADDRESS] [the filters of vigil events]
 *                 [--new-incident] [--grade-changed] [--min-fatalities N] [--province NAME] [--secret S] [--db URL]
 * vigil alert list [--db URL] [--json]
 * vigil alert remove NAME [--db URL]
 * vigil alert feed NAME [--limit N] [--db URL]        the alert's Atom feed on stdout
 *
 * "weapon of concern" is `--weapon concern`; "inside this box" is `--bbox`; "inside this province" is
 * `--province NAME` (the same prefix match as --place).
 */
import type { Command } from 'commander';
import { VigilError } from '../../errors/catalogue.js';
import { DB_OPTION_HELP, queryFromOpts, table, withStore, type FilterOpts } from '../../store/cli-util.js';
import { alertRepo } from '../../alerts/repo.js';
import { alertAtom } from '../../alerts/atom.js';
import type { AlertConditions, AlertFilters } from '../../alerts/types.js';

interface AddOpts extends Omit<FilterOpts, 'format' | 'limit'> {
  webhook?: string; email?: string; secret?: string; newIncident?: boolean; gradeChanged?: boolean; minFatalities?: string; province?: string; json?: boolean;
}

export function register(program: Command): void {
  const alert = program.command('alert').description('saved searches that alert by webhook, email, Atom feed and live stream');
  alert
    .command('add')
    .description('save a search that alerts when a matching incident appears or changes')
    .argument('<name>', 'alert name (letters, digits, . _ -)')
    .option('--webhook <url>', 'POST each change here, signed with HMAC-SHA256 (X-Vigil-Signature)')
    .option('--email <address>', 'also send each change by email (SMTP server: VIGIL_SMTP_URL)')
    .option('--secret <secret>', 'webhook signing secret (default: a random one, printed once)')
    .option('--db <url>', DB_OPTION_HELP)
    .option('--since <date>', 'events on or after YYYY-MM-DD')
    .option('--until <date>', 'events on or before YYYY-MM-DD')
    .option('--bbox <minLon,minLat,maxLon,maxLat>', 'inside this box (WGS84 degrees)')
    .option('--place <name>', 'place, admin1 or country (prefix)')
    .option('--province <name>', 'inside this province (admin1; same match as --place)')
    .option('--type <type>', 'ACLED event type, sub-event type, or Vigil kind')
    .option('--actor <name>', 'actor name (prefix) or registry id')
    .option('--weapon <name>', 'weapon name, id or category; "concern" = weapons of humanitarian concern')
    .option('--grade <grades>', 'comma-separated: confirmed,fair,weak,contested,discounted')
    .option('--text <words>', 'full-text search (all words)')
    .option('--new-incident', 'only new incidents (not reports joining an existing one)')
    .option('--grade-changed', 'only when an incident\'s grade changes')
    .option('--min-fatalities <n>', 'only incidents with at least N fatalities')
    .option('--json', 'JSON output')
    .action(async (name: string, o: AddOpts) => {
      if (o.place && o.province) throw new VigilError('VIGIL_ERR_VALIDATION', 'give --place or --province, not both');
      const q = queryFromOpts({ ...o, place: o.place ?? o.province, format: 'table' });
      const filters: AlertFilters = q;
      const conditions: AlertConditions = {};
      if (o.newIncident) conditions.newIncident = true;
      if (o.gradeChanged) conditions.gradeChanged = true;
      if (o.minFatalities !== undefined) conditions.minFatalities = Number(o.minFatalities);
      await withStore(o, async (store) => {
        // The filters are checked the way `vigil events` checks them (dates, grades, box) before they are saved.
        await store.queryEvents({ ...filters, limit: 1 });
        const a = await alertRepo(store).add({ name, filters, conditions, webhookUrl: o.webhook ?? null, webhookSecret: o.secret ?? null, email: o.email ?? null });
        if (o.json) process.stdout.write(`${JSON.stringify(a)}\n`);
        else {
          process.stdout.write(`alert ${a.name} (${a.id}) saved\n`);
          if (a.webhookUrl) process.stdout.write(`webhook ${a.webhookUrl}\nsigning secret (shown once): ${a.webhookSecret}\n`);
          if (a.email) process.stdout.write(`email ${a.email}\n`);
        }
      });
    });
  alert
    .command('list')
    .description('saved alerts')
    .option('--db <url>', DB_OPTION_HELP)
    .option('--json', 'JSON output')
    .action(async (o: { db?: string; json?: boolean }) => {
      await withStore(o, async (store) => {
        const list = (await alertRepo(store).list()).map(({ webhookSecret: _s, ...a }) => a);
        if (o.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        else process.stdout.write(table(['id', 'name', 'filters', 'conditions', 'webhook', 'email'],
          list.map((a) => [a.id, a.name, JSON.stringify(a.filters), JSON.stringify(a.conditions), a.webhookUrl ?? '-', a.email ?? '-']), 50));
      });
    });
  alert
    .command('remove')
    .description('remove a saved alert and its delivery log')
    .argument('<name>')
    .option('--db <url>', DB_OPTION_HELP)
    .action(async (name: string, o: { db?: string }) => {
      await withStore(o, async (store) => {
        if (!(await alertRepo(store).remove(name))) throw new VigilError('VIGIL_ERR_NOT_FOUND', `alert ${name}`);
        process.stdout.write(`removed ${name}\n`);
      });
    });
  alert
    .command('feed')
    .description("the alert's Atom feed (latest deliveries) on stdout")
    .argument('<name>')
    .option('--limit <n>', 'entries', '50')
    .option('--db <url>', DB_OPTION_HELP)
    .action(async (name: string, o: { db?: string; limit: string }) => {
      await withStore(o, async (store) => {
        const repo = alertRepo(store);
        const a = await repo.get(name);
        if (!a) throw new VigilError('VIGIL_ERR_NOT_FOUND', `alert ${name}`);
        process.stdout.write(alertAtom(a, await repo.deliveries(a.id, { limit: Number(o.limit) || 50 }), `urn:vigil:alert:${a.name}`));
      });
    });
}

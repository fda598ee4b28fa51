/**
 * vigil db migrate|status|errors|custody [--db URL]
 *   migrate   apply pending migrations (every command also does this on open)
 *   status    backend, capabilities, schema version and row counts
 *   errors    items that failed to ingest, with their error codes
 *   custody   the append-only custody log (optionally of one document)
 */
import type { Command } from 'commander';
import { DB_OPTION_HELP, dbUrl, table, withStore } from '../../store/cli-util.js';

export function register(program: Command): void {
  const db = program.command('db').description('database: migrate, status, ingest errors, custody log');
  db.command('migrate').option('--db <url>', DB_OPTION_HELP).description('apply pending migrations')
    .action(async (o: { db?: string }) => {
      const v = await withStore(o, (s) => s.migrate());
      process.stdout.write(`schema version ${v}\n`);
    });
  db.command('status').option('--db <url>', DB_OPTION_HELP).option('--json', 'JSON output').description('backend and counts')
    .action(async (o: { db?: string; json?: boolean }) => {
      const { stats, caps } = await withStore(o, async (s) => ({ stats: await s.stats(), caps: s.capabilities }));
      const url = dbUrl(o).replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
      if (o.json) process.stdout.write(`${JSON.stringify({ url, ...caps, ...stats })}\n`);
      else process.stdout.write(`${url}: ${caps.dialect} (text search ${caps.fullTextSearch}, spatial ${caps.spatial})\n` +
        Object.entries(stats).map(([k, v]) => `  ${k}: ${v}`).join('\n') + '\n');
    });
  db.command('errors').option('--db <url>', DB_OPTION_HELP).option('--limit <n>', 'rows', '100').option('--json', 'JSON output').description('ingest failures')
    .action(async (o: { db?: string; limit: string; json?: boolean }) => {
      const rows = await withStore(o, (s) => s.listIngestErrors({ limit: Number(o.limit) }));
      if (o.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      else process.stdout.write(table(['#', 'at', 'code', 'locator', 'message'], rows.map((r) => [r.id, r.at, r.code, r.locator, r.message]), 60));
    });
  db.command('custody').option('--db <url>', DB_OPTION_HELP).option('--document <id>', 'one document').option('--json', 'JSON output').description('custody log')
    .action(async (o: { db?: string; document?: string; json?: boolean }) => {
      const rows = await withStore(o, (s) => s.listCustody({ documentId: o.document ? Number(o.document) : undefined }));
      if (o.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      else process.stdout.write(table(['#', 'at', 'document', 'action', 'actor', 'sha256', 'detail'], rows.map((r) => [r.id, r.at, r.documentId, r.action, r.actor, r.sha256, JSON.stringify(r.detail)]), 64));
    });
}

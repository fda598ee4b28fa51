/**
 * vigil sources [--db URL] [--json]                      list publishers / channels with their kind
 * vigil sources --set-kind NAME KIND [--user NAME]        change a kind (official, independent-media,
 *                                                         social-media, observer, ngo, unknown); grades follow
 */
import type { Command } from 'commander';
import { VigilError } from '../../errors/catalogue.js';
import { DB_OPTION_HELP, table, withStore } from '../../store/cli-util.js';
import { SOURCE_KINDS, type SourceKind } from '../../store/types.js';

export function register(program: Command): void {
  program
    .command('sources')
    .description('list sources (publishers, channels) and their kinds, or change a kind')
    .option('--db <url>', DB_OPTION_HELP)
    .option('--set-kind <name_kind...>', `NAME KIND: set a source's kind (${SOURCE_KINDS.join(', ')})`)
    .option('--user <name>', 'who makes the change (recorded)', process.env.USER ?? 'cli')
    .option('--json', 'JSON output')
    .action(async (opts: { db?: string; setKind?: string[]; user: string; json?: boolean }) => {
      await withStore(opts, async (store) => {
        if (opts.setKind) {
          if (opts.setKind.length !== 2) throw new VigilError('VIGIL_ERR_VALIDATION', '--set-kind takes NAME KIND');
          const [name, kind] = opts.setKind;
          if (!SOURCE_KINDS.includes(kind as SourceKind)) throw new VigilError('VIGIL_ERR_VALIDATION', `KIND must be one of ${SOURCE_KINDS.join(', ')}`);
          const s = await store.setSourceKind(/^\d+$/.test(name) ? Number(name) : name, kind as SourceKind, { userName: opts.user });
          process.stdout.write(opts.json ? `${JSON.stringify(s)}\n` : `${s.name}: ${s.kind}\n`);
          return;
        }
        const list = await store.listSources();
        if (opts.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        else process.stdout.write(table(['id', 'name', 'kind', 'documents', 'updated'], list.map((s) => [s.id, s.name, s.kind, s.documentCount, s.updatedAt]), 48));
      });
    });
}

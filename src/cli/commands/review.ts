/**
 * Review with an audit trail (who, when, before, after; nothing deleted):
 *   vigil review accept|reject event|incident ID --user NAME [--note TEXT]
 *   vigil review edit event|incident ID FIELD VALUE --user NAME     (VALUE is JSON, or plain text)
 *   vigil review merge INTO FROM... --user NAME                     (incidents)
 *   vigil review split EVENT_ID... --user NAME                      (events move to one new incident)
 *   vigil review log [--target event|incident] [--id ID]
 */
import type { Command } from 'commander';
import { VigilError } from '../../errors/catalogue.js';
import { DB_OPTION_HELP, table, withStore } from '../../store/cli-util.js';
import type { ReviewRequest, ReviewResult } from '../../store/types.js';

interface Opts { db?: string; user?: string; note?: string; json?: boolean }

function id(s: string): number {
  if (!/^\d+$/.test(s)) throw new VigilError('VIGIL_ERR_VALIDATION', `not an id: ${s}`);
  return Number(s);
}
function target(s: string): 'event' | 'incident' {
  if (s !== 'event' && s !== 'incident') throw new VigilError('VIGIL_ERR_VALIDATION', 'target must be event or incident');
  return s;
}
function user(o: Opts): string {
  if (!o.user) throw new VigilError('VIGIL_ERR_VALIDATION', '--user NAME is required: every change is attributed');
  return o.user;
}
/** "7" -> 7, "null" -> null, '{"low":1,...}' -> object, anything else stays text. */
function value(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

async function run(o: Opts, req: ReviewRequest): Promise<void> {
  const r: ReviewResult = await withStore(o, (s) => s.review(req, { userName: user(o), note: o.note ?? null }));
  if (o.json) process.stdout.write(`${JSON.stringify(r)}\n`);
  else {
    for (const a of r.actions) process.stdout.write(`#${a.id} ${a.at} ${a.userName} ${a.action} ${a.targetKind} ${a.targetId}${a.field ? ` ${a.field}` : ''}: ${JSON.stringify(a.before)} -> ${JSON.stringify(a.after)}\n`);
    if (r.actions.length === 0) process.stdout.write('no change\n');
    if (r.incidentId !== undefined) process.stdout.write(`incident ${r.incidentId}\n`);
  }
}

export function register(program: Command): void {
  const review = program.command('review').description('accept, reject, edit, merge or split, with an audit trail');
  const common = (c: Command) => c.option('--db <url>', DB_OPTION_HELP).option('--user <name>', 'reviewer (required)').option('--note <text>', 'why').option('--json', 'JSON output');
  for (const action of ['accept', 'reject'] as const) {
    common(review.command(action).argument('<target>', 'event or incident').argument('<id>'))
      .description(`${action} an event or an incident`)
      .action((t: string, i: string, o: Opts) => run(o, { action, target: target(t), id: id(i) }));
  }
  common(review.command('edit').argument('<target>', 'event or incident').argument('<id>').argument('<field>').argument('<value>', 'JSON or text'))
    .description('change one field (the value before and after are recorded)')
    .action((t: string, i: string, field: string, v: string, o: Opts) => run(o, { action: 'edit', target: target(t), id: id(i), field, value: value(v) }));
  common(review.command('merge').argument('<into>', 'incident that stays').argument('<from...>', 'incidents merged into it'))
    .description('merge incidents (the merged ones keep their rows, marked merged)')
    .action((into: string, from: string[], o: Opts) => run(o, { action: 'merge', into: id(into), from: from.map(id) }));
  common(review.command('split').argument('<events...>', 'event ids'))
    .description('move events out of their incident into one new incident')
    .action((evs: string[], o: Opts) => run(o, { action: 'split', eventIds: evs.map(id) }));
  review
    .command('log')
    .description('the audit trail, newest first')
    .option('--db <url>', DB_OPTION_HELP)
    .option('--target <kind>', 'event or incident')
    .option('--id <id>', 'one item')
    .option('--limit <n>', 'rows', '100')
    .option('--json', 'JSON output')
    .action(async (o: Opts & { target?: string; id?: string; limit: string }) => {
      const rows = await withStore(o, (s) => s.listReviewActions({
        targetKind: o.target ? target(o.target) : undefined, targetId: o.id ? id(o.id) : undefined, limit: Number(o.limit),
      }));
      if (o.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      else process.stdout.write(table(['#', 'at', 'user', 'action', 'target', 'id', 'field', 'before', 'after', 'note'],
        rows.map((a) => [a.id, a.at, a.userName, a.action, a.targetKind, a.targetId, a.field, JSON.stringify(a.before), JSON.stringify(a.after), a.note]), 30));
    });
}

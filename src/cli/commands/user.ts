/**
 * vigil user add NAME --role admin|analyst|viewer     (password: typed twice, or one line on stdin)
 * vigil user list | vigil user set-role NAME ROLE | vigil user disable NAME | vigil user enable NAME | vigil user passwd NAME
 * vigil token create --user NAME [--name LABEL]        (prints the token once)
 * vigil token list --user NAME | vigil token revoke ID
 */
import type { Command } from 'commander';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { loadConfig } from '../../config/schema.js';
import { VigilError } from '../../errors/catalogue.js';
import { hashPassword, MAX_PASSWORD_CHARS, newApiToken, ROLES, sha256, type Role } from '../../server/auth.js';
import { completeConfig } from '../../server/config.js';
import { UserNameSchema } from '../../server/dto.js';
import { MIN_PASSWORD_CHARS } from '../../server/routes/users.js';
import { openStore } from '../../store/index.js';
import type { Store } from '../../store/types.js';

async function withStore<T>(db: string | undefined, fn: (s: Store) => Promise<T>): Promise<T> {
  const config = completeConfig(loadConfig(process.env, db ? { database: { url: db } } : {}));
  const store = await openStore(config.database.url);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function parseRole(r: string): Role {
  if (!(ROLES as readonly string[]).includes(r)) throw new VigilError('VIGIL_ERR_VALIDATION', `--role must be one of ${ROLES.join(', ')}`);
  return r as Role;
}

function parseName(n: string): string {
  const r = UserNameSchema.safeParse(n);
  if (!r.success) throw new VigilError('VIGIL_ERR_VALIDATION', `user name: ${r.error.issues[0]?.message}`);
  return r.data;
}

/** Read a password without echo on a terminal; otherwise the first line of stdin (for scripts). */
async function readPassword(prompt: string, confirm: boolean): Promise<string> {
  const fromEnv = process.env.VIGIL_PASSWORD;
  let pw: string;
  if (fromEnv) pw = fromEnv;
  else if (process.stdin.isTTY) {
    const ask = (q: string) =>
      new Promise<string>((resolve) => {
        let muted = false;
        const out = new Writable({ write: (chunk, _enc, cb) => { if (!muted) process.stderr.write(chunk); cb(); } });
        const rl = createInterface({ input: process.stdin, output: out, terminal: true });
        rl.question(q, (a) => { rl.close(); process.stderr.write('\n'); resolve(a); });
        muted = true;
      });
    pw = await ask(prompt);
    if (confirm && (await ask('Repeat: ')) !== pw) throw new VigilError('VIGIL_ERR_VALIDATION', 'the passwords differ');
  } else {
    const rl = createInterface({ input: process.stdin });
    pw = await new Promise<string>((resolve) => {
      let got = false;
      rl.once('line', (l) => { got = true; rl.close(); resolve(l); });
      rl.once('close', () => { if (!got) resolve(''); });
    });
  }
  if (pw.length < MIN_PASSWORD_CHARS || pw.length > MAX_PASSWORD_CHARS) {
    throw new VigilError('VIGIL_ERR_VALIDATION', `the password must have ${MIN_PASSWORD_CHARS} to ${MAX_PASSWORD_CHARS} characters`);
  }
  return pw;
}

export function register(program: Command): void {
  const user = program.command('user').description('Manage accounts (roles: viewer, analyst, admin)');
  user
    .command('add')
    .argument('<name>', 'user name (letters, digits, . _ -)')
    .requiredOption('--role <role>', 'viewer | analyst | admin')
    .option('--db <url>', 'database (default: VIGIL_DATABASE_URL or vigil.db)')
    .description('Create an account; the password is read from the terminal (or one line on stdin, or VIGIL_PASSWORD)')
    .action(async (name: string, opts: { role: string; db?: string }) => {
      const n = parseName(name);
      const role = parseRole(opts.role);
      await withStore(opts.db, async (store) => {
        if (await store.getUserByName(n)) throw new VigilError('VIGIL_ERR_CONFLICT', `user ${n} exists`);
        const pw = await readPassword(`Password for ${n}: `, true);
        const u = await store.createUser({ name: n, role, passwordHash: await hashPassword(pw) });
        process.stdout.write(`Created user ${u.name} (${u.role}, id ${u.id}).\n`);
      });
    });
  user
    .command('list')
    .option('--db <url>', 'database')
    .description('List accounts')
    .action(async (opts: { db?: string }) => {
      await withStore(opts.db, async (store) => {
        for (const u of await store.listUsers()) process.stdout.write(`${u.id}\t${u.name}\t${u.role}${u.disabled ? '\tdisabled' : ''}\n`);
      });
    });
  user
    .command('set-role')
    .argument('<name>')
    .argument('<role>')
    .option('--db <url>', 'database')
    .description("Change a user's role")
    .action(async (name: string, role: string, opts: { db?: string }) => {
      const r = parseRole(role);
      await withStore(opts.db, async (store) => {
        const u = await store.getUserByName(parseName(name));
        if (!u) throw new VigilError('VIGIL_ERR_NOT_FOUND', `user ${name}`);
        await store.updateUser(u.id, { role: r });
        process.stdout.write(`${u.name} is now ${r}.\n`);
      });
    });
  for (const [cmd, disabled] of [['disable', true], ['enable', false]] as const) {
    user
      .command(cmd)
      .argument('<name>')
      .option('--db <url>', 'database')
      .description(`${cmd === 'disable' ? 'Disable' : 'Re-enable'} an account (its sessions and tokens stop working)`)
      .action(async (name: string, opts: { db?: string }) => {
        await withStore(opts.db, async (store) => {
          const u = await store.getUserByName(parseName(name));
          if (!u) throw new VigilError('VIGIL_ERR_NOT_FOUND', `user ${name}`);
          await store.updateUser(u.id, { disabled });
          process.stdout.write(`${u.name} ${disabled ? 'disabled' : 'enabled'}.\n`);
        });
      });
  }
  user
    .command('passwd')
    .argument('<name>')
    .option('--db <url>', 'database')
    .description('Set a new password')
    .action(async (name: string, opts: { db?: string }) => {
      await withStore(opts.db, async (store) => {
        const u = await store.getUserByName(parseName(name));
        if (!u) throw new VigilError('VIGIL_ERR_NOT_FOUND', `user ${name}`);
        const pw = await readPassword(`New password for ${u.name}: `, true);
        await store.updateUser(u.id, { passwordHash: await hashPassword(pw) });
        process.stdout.write(`Password changed for ${u.name}.\n`);
      });
    });

  const token = program.command('token').description('API tokens for scripts (Authorization: Bearer …)');
  token
    .command('create')
    .requiredOption('--user <name>', 'the account the token acts as (it gets that role)')
    .option('--name <label>', 'what the token is for', 'cli')
    .option('--db <url>', 'database')
    .description('Create an API token and print it once')
    .action(async (opts: { user: string; name: string; db?: string }) => {
      if (opts.name.length > 100) throw new VigilError('VIGIL_ERR_VALIDATION', '--name is at most 100 characters');
      await withStore(opts.db, async (store) => {
        const u = await store.getUserByName(parseName(opts.user));
        if (!u) throw new VigilError('VIGIL_ERR_NOT_FOUND', `user ${opts.user}`);
        const t = newApiToken();
        const row = await store.createApiToken({ userId: u.id, name: opts.name, tokenHash: sha256(t) });
        process.stderr.write(`Token ${row.id} (${row.name}) for ${u.name} (${u.role}). It is shown only once:\n`);
        process.stdout.write(`${t}\n`);
      });
    });
  token
    .command('list')
    .requiredOption('--user <name>', 'account')
    .option('--db <url>', 'database')
    .description("List a user's tokens")
    .action(async (opts: { user: string; db?: string }) => {
      await withStore(opts.db, async (store) => {
        const u = await store.getUserByName(parseName(opts.user));
        if (!u) throw new VigilError('VIGIL_ERR_NOT_FOUND', `user ${opts.user}`);
        for (const t of await store.listApiTokens(u.id)) {
          process.stdout.write(`${t.id}\t${t.name}\tcreated ${t.createdAt}\tlast used ${t.lastUsedAt ?? 'never'}${t.revokedAt ? `\trevoked ${t.revokedAt}` : ''}\n`);
        }
      });
    });
  token
    .command('revoke')
    .argument('<id>', 'token id (from token list)')
    .option('--db <url>', 'database')
    .description('Revoke a token')
    .action(async (id: string, opts: { db?: string }) => {
      const n = Number(id);
      if (!Number.isInteger(n) || n <= 0) throw new VigilError('VIGIL_ERR_VALIDATION', 'token id must be a positive integer');
      await withStore(opts.db, async (store) => {
        await store.revokeApiToken(n);
        process.stdout.write(`Token ${n} revoked.\n`);
      });
    });
}

/** `vigil user …` and `vigil token …` against a real SQLite file, driven through commander in-process. */
import { Command } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { register } from '../../src/cli/commands/user.js';
import { sha256, verifyPassword } from '../../src/server/auth.js';
import { openStore } from '../../src/store/index.js';

let dir: string;
let db: string;

async function vigil(...args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  register(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await program.parseAsync(['node', 'vigil', ...args, '--db', db]);
  } finally {
    spy.mockRestore();
    err.mockRestore();
  }
  return out;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
  db = join(dir, 'vigil.db');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  delete process.env.VIGIL_PASSWORD;
});

describe('vigil user / token', () => {
  it('adds an admin with a scrypt-hashed password, lists, changes role, refuses bad input', async () => {
    process.env.VIGIL_PASSWORD = 'first-admin-password';
    expect(await vigil('user', 'add', 'admin', '--role', 'admin')).toMatch(/Created user admin \(admin/);
    await expect(vigil('user', 'add', 'admin', '--role', 'admin')).rejects.toMatchObject({ code: 'VIGIL_ERR_CONFLICT' });
    await expect(vigil('user', 'add', 'eve', '--role', 'root')).rejects.toMatchObject({ code: 'VIGIL_ERR_VALIDATION' });
    process.env.VIGIL_PASSWORD = 'short';
    await expect(vigil('user', 'add', 'bob', '--role', 'viewer')).rejects.toMatchObject({ code: 'VIGIL_ERR_VALIDATION' });
    process.env.VIGIL_PASSWORD = 'bob-password-long';
    await vigil('user', 'add', 'bob', '--role', 'viewer');
    await vigil('user', 'set-role', 'bob', 'analyst');
    expect(await vigil('user', 'list')).toMatch(/admin\tadmin[\s\S]*bob\tanalyst/);
    const store = await openStore(db);
    try {
      const admin = await store.getUserByName('admin');
      expect(admin!.passwordHash).toMatch(/^scrypt\$/);
      expect(await verifyPassword('first-admin-password', admin!.passwordHash)).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('creates a token that the store finds by its hash only, then revokes it', async () => {
    const token = (await vigil('token', 'create', '--user', 'bob', '--name', 'script')).trim();
    expect(token).toMatch(/^vgl_/);
    const store = await openStore(db);
    try {
      const found = await store.getApiToken(sha256(token));
      expect(found?.user.name).toBe('bob');
      await vigil('token', 'revoke', String(found!.token.id));
      expect(await store.getApiToken(sha256(token))).toBeNull();
    } finally {
      await store.close();
    }
  });
});

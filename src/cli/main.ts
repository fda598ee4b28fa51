#!/usr/bin/env node
/**
 * The `vigil` command. Each sub-command lives in ./commands/<name>.ts and exports
 * `register(program)`; this file only wires them up, so commands can be added without touching it.
 */
import { Command, CommanderError } from 'commander';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { VERSION } from '../version.js';

export interface CommandModule {
  register(program: Command): void;
}

async function main(): Promise<void> {
  const program = new Command();
  program
    .name('vigil')
    .description('Conflict-event monitor: reports in, evidence-linked, geocoded, corroborated event records out.')
    .version(VERSION)
    // Usage errors (unknown command or option, missing argument) exit 2, as the README says; commander's default is 1.
    // Set before the sub-commands are registered: they inherit it.
    .exitOverride();
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'commands');
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const files = readdirSync(dir).filter((f) => f.endsWith(ext) && !f.endsWith(`.test${ext}`) && !f.endsWith('.d.ts')).sort();
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as Partial<CommandModule>;
    mod.register?.(program);
  }
  await program.parseAsync(process.argv);
}

main().catch((e: unknown) => {
  if (e instanceof CommanderError) {
    // commander has printed its message already; --help and --version are not errors
    process.exitCode = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? 0 : 2;
    return;
  }
  const err = e as { code?: string; message?: string };
  process.stderr.write(`vigil: ${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)}\n`);
  process.exitCode = 2;
});

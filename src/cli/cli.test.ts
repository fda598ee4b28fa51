/** The CLI's exit codes and output shapes (issue 17 item 6), through the real entry point. */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
function vigil(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('vigil CLI', () => {
  it('usage errors exit 2; a missing file or a folder gets a VIGIL_ERR code, exit 1 and no half JSON array; the table has a header and a legend', async () => {
    const [unknown, missingArg, missing, folder, table] = await Promise.all([
      vigil('no-such-command'),
      vigil('extract'),
      vigil('extract', 'samples/reports/does-not-exist.txt'),
      vigil('extract', 'samples/reports'),
      vigil('extract', 'samples/reports/03-protest-dispersed.md', '--format', 'table'),
    ]);
    expect(unknown.code).toBe(2);
    expect(missingArg.code).toBe(2);
    expect([missing.code, missing.stdout]).toEqual([1, '']);
    expect(JSON.parse(missing.stderr.trim()).code).toBe('VIGIL_ERR_FILE_NOT_FOUND');
    expect([folder.code, folder.stdout]).toEqual([1, '']);
    expect(JSON.parse(folder.stderr.trim()).code).toBe('VIGIL_ERR_IS_DIRECTORY');
    const lines = table.stdout.split('\n');
    expect(table.code).toBe(0);
    expect(lines[0]).toMatch(/^event\s+type\s+date\s+place\s+fatalities\s+actors\s+weapons\s+attribution$/);
    expect(lines[1]).toMatch(/^-+  -+/);
    // fixed columns: every field starts where its header starts
    const at = lines[0].indexOf('date');
    expect(lines[2].slice(at, at + 10)).toBe('2019-04-12');
    expect(table.stdout).toMatch(/\[p\] perpetrator, \[t\] target, \[v\] victim/);
  });
});

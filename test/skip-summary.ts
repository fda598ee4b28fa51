/**
 * A vitest reporter (after the default one) that ends `npm test` with what did NOT run and why, so a green run on a
 * machine without Chromium or PostgreSQL never reads as if the browser and PostgreSQL suites had passed:
 *
 *   Skipped suites
 *     test/browser/webapp.test.ts: 6 test(s) skipped: no Chromium at /usr/bin/chromium (apt-get install -y chromium fonts-liberation)
 *     PostgreSQL halves not run (test/store/contract.test.ts, …): no PostgreSQL + PostGIS (apt-get install …, or set VIGIL_TEST_PG_URL)
 *
 * The reasons are the same checks the suites make (test/browser/webapp.test.ts, test/store/pg-server.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { pgAvailable } from './store/pg-server.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const CHROMIUM = process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium';
/** Suites with a PostgreSQL half or that need PostgreSQL entirely. */
const PG_SUITES = /test\/(store\/(contract|watch)|watch\/pg|crash)[^/]*\.test\.ts$|test\/store\/.*pg.*\.test\.ts$/;

export default class SkipSummary implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const rel = (m: TestModule) => path.relative(ROOT, m.moduleId);
    const lines: string[] = [];
    const noChromium = !existsSync(CHROMIUM) && !process.env.CI;
    const noPg = !pgAvailable();
    const pgRan = modules.map(rel).filter((f) => PG_SUITES.test(f));
    for (const m of modules) {
      let skipped = 0;
      for (const t of m.children.allTests()) if (t.result().state === 'skipped') skipped++;
      if (!skipped) continue;
      const f = rel(m);
      const why = f.startsWith('test/browser/') && noChromium
        ? `no Chromium at ${CHROMIUM} (apt-get install -y chromium fonts-liberation, or set VIGIL_CHROMIUM)`
        : PG_SUITES.test(f) && noPg
          ? 'no PostgreSQL + PostGIS (apt-get install -y postgresql-15 postgresql-15-postgis-3, or set VIGIL_TEST_PG_URL)'
          : 'skipped by the suite itself (it.skip / skipIf)';
      lines.push(`  ${f}: ${skipped} test(s) skipped: ${why}`);
    }
    if (noPg && pgRan.length)
      lines.push(`  PostgreSQL halves not run (${pgRan.join(', ')}): no PostgreSQL + PostGIS (apt-get install -y postgresql-15 postgresql-15-postgis-3, or set VIGIL_TEST_PG_URL)`);
    process.stdout.write(lines.length ? `\n Skipped suites\n${lines.join('\n')}\n\n` : `\n Skipped suites: none (Chromium and PostgreSQL found; every suite ran)\n\n`);
  }
}

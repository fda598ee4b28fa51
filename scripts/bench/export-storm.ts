/**
 * Export storm (issue 19): a store of 15,000 events (5,000 generated documents, 3 events each, stored without
 * extraction), `vigil serve`'s app listening on 127.0.0.1; ten users each run CSV exports of all events back to back
 * while /api/health is probed every 25 ms. Prints export count and health latency p50 / p99 / max; then one user
 * firing ten exports at once (the per-user limit answers 429 beyond config server.maxConcurrentExportsPerUser).
 *
 *   npx tsx scripts/bench/export-storm.ts [seconds=20]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/schema.js';
import { buildApp } from '../../src/server/app.js';
import { hashPassword, newApiToken, sha256 } from '../../src/server/auth.js';
import { openStore } from '../../src/store/index.js';
import { ingestInput, SAMPLE_DOCS } from '../../test/api/fixtures.js';

const seconds = Number(process.argv[2] ?? 20);
const dir = mkdtempSync(path.join(tmpdir(), 'vigil-storm-'));
const store = await openStore(path.join(dir, 'storm.db'));
const base = SAMPLE_DOCS[0];
for (let i = 0; i < 5000; i++) {
  const day = new Date(Date.UTC(2023, 0, 1) + (i % 400) * 86_400_000).toISOString().slice(0, 10);
  const input = ingestInput({ ...base, key: `storm-${i}`, published: day, text: `${base.text} Report ${i}.`, events: [0, 1, 2].map(() => ({ ...base.events[0], date: day })) });
  await store.ingestDocument(input);
}
const tokens: string[] = [];
for (let u = 0; u < 10; u++) {
  const user = await store.createUser({ name: `viewer${u}`, role: 'viewer', passwordHash: await hashPassword('storm-password-1', { N: 1 << 10, r: 8, p: 1 }) });
  const t = newApiToken();
  await store.createApiToken({ userId: user.id, name: 'storm', tokenHash: sha256(t) });
  tokens.push(t);
}
process.stdout.write(`store: ${(await store.stats()).events} events\n`);
const app = await buildApp({ store, config: loadConfig({ VIGIL_LOG_LEVEL: 'silent' }), webRoot: null });
const url = await app.listen({ host: '127.0.0.1', port: 0 });

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
async function storm(users: string[], perUser: number, ms: number): Promise<{ exports: number; refused: number; bytes: number; health: number[] }> {
  const until = Date.now() + ms;
  let exports = 0;
  let refused = 0;
  let bytes = 0;
  const health: number[] = [];
  const worker = async (token: string) => {
    while (Date.now() < until) {
      const r = await fetch(`${url}/api/exports/csv`, { headers: { authorization: `Bearer ${token}` } });
      if (r.status === 429) {
        refused++;
        await r.arrayBuffer();
        await new Promise((res) => setTimeout(res, 200));
        continue;
      }
      bytes += (await r.arrayBuffer()).byteLength;
      exports++;
    }
  };
  const probe = async () => {
    while (Date.now() < until) {
      const t = performance.now();
      await (await fetch(`${url}/api/health`)).arrayBuffer();
      health.push(performance.now() - t);
      await new Promise((res) => setTimeout(res, 25));
    }
  };
  await Promise.all([...users.flatMap((t) => Array.from({ length: perUser }, () => worker(t))), probe()]);
  return { exports, refused, bytes, health };
}
const report = (name: string, r: Awaited<ReturnType<typeof storm>>) =>
  process.stdout.write(`${name}: ${r.exports} exports done (${(r.bytes / r.exports / 1e6).toFixed(1)} MB each), ${r.refused} refused (429); health ${r.health.length} probes: p50 ${pct(r.health, 50).toFixed(1)} ms, p99 ${pct(r.health, 99).toFixed(1)} ms, max ${Math.max(...r.health).toFixed(1)} ms\n`);
try {
  report('quiet', await storm([], 0, 2000));
  report('10 users x 1 export', await storm(tokens, 1, seconds * 1000));
  report('1 user x 10 exports', await storm([tokens[0]], 10, seconds * 1000));
} finally {
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

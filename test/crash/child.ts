/**
 * Crash-test worker: stores synthetic documents FROM..TO-1 (seeded, see test/store/generate.ts) into the
 * SQLite file DB, one ingest transaction each, printing the count after every 25 documents.
 * The parent kills it with SIGKILL mid-way and runs it again.
 *   node --import tsx test/crash/child.ts DB FROM TO SEED
 */
import { openStore } from '../../src/store/index.js';
import { syntheticInput } from '../store/generate.js';

const [db, from, to, seed] = process.argv.slice(2);
const store = await openStore(db);
let n = 0;
for (let i = Number(from); i < Number(to); i++) {
  await store.ingestDocument(syntheticInput(i, Number(seed)));
  if (++n % 25 === 0) process.stdout.write(`${n}\n`);
}
await store.close();
process.stdout.write('done\n');

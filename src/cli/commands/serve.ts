/**
 * vigil serve [--host H] [--port P] [--db URL]
 * The JSON API (/api, described at /openapi.json) and the analyst web app, default http://127.0.0.1:8080.
 */
import type { Command } from 'commander';
import cluster from 'node:cluster';
import { loadConfig } from '../../config/schema.js';
import { rootLogger } from '../../log.js';
import { buildApp } from '../../server/app.js';
import { DEFAULT_RESPONSE_CACHE } from '../../server/cache.js';
import { completeConfig } from '../../server/config.js';
import { openStore } from '../../store/index.js';
import { VigilError } from '../../errors/catalogue.js';

export function register(program: Command): void {
  program
    .command('serve')
    .description('Serve the JSON API and the analyst web app (map, timeline, incidents, review, exports)')
    .option('--host <host>', 'interface to listen on (default 127.0.0.1; use 0.0.0.0 only behind TLS)')
    .option('--port <port>', 'TCP port (default 8080; 0 = any free port)')
    .option('--db <url>', 'SQLite file or postgres:// URL (default: VIGIL_DATABASE_URL or vigil.db)')
    .option('--web <dir>', 'folder of the built web app (default: web/dist of the package)')
    .option('--trust-proxy', 'trust X-Forwarded-For/-Proto (only behind your own reverse proxy)')
    .option('--cache-ms <ms>', 'how long list answers (events, incidents, histogram) are cached; 0 = off', '2000')
    .option('--workers <n>', 'server processes sharing the port (SQLite readers run in parallel); default 1', '1')
    .action(async (opts: { host?: string; port?: string; db?: string; web?: string; trustProxy?: boolean; cacheMs: string; workers: string }) => {
      const cacheMs = Number(opts.cacheMs);
      const workers = Number(opts.workers);
      if (!(Number.isInteger(cacheMs) && cacheMs >= 0 && cacheMs <= 600_000)) throw new VigilError('VIGIL_ERR_VALIDATION', '--cache-ms must be 0..600000');
      if (!(Number.isInteger(workers) && workers >= 1 && workers <= 64)) throw new VigilError('VIGIL_ERR_VALIDATION', '--workers must be 1..64');
      if (workers > 1 && cluster.isPrimary) {
        // The workers re-run this command (cluster.fork re-executes argv) and share one listening socket.
        for (let i = 0; i < workers; i++) {
          // A worker that is being stopped may close its IPC channel first: not an error worth crashing for.
          cluster.fork({ VIGIL_WORKER_INDEX: String(i) }).on('error', (e) => rootLogger.debug({ err: e }, 'worker channel closed'));
        }
        cluster.on('exit', (w, code, signal) => {
          if (code !== 0 && signal !== 'SIGTERM') rootLogger.error({ pid: w.process.pid, code, signal }, 'server worker died');
        });
        const stopAll = () => {
          const alive = Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead());
          let left = alive.length;
          if (left === 0) process.exit(0);
          for (const w of alive) {
            w!.once('exit', () => {
              if (--left === 0) process.exit(0);
            });
            w!.process.kill('SIGTERM');
          }
          setTimeout(() => process.exit(0), 5_000).unref();
        };
        process.once('SIGINT', stopAll);
        process.once('SIGTERM', stopAll);
        return;
      }
      const quiet = cluster.isWorker && process.env.VIGIL_WORKER_INDEX !== '0';
      // If the primary is gone, the IPC channel fails: stop quietly instead of crashing with EPIPE.
      cluster.worker?.on('error', () => process.exit(0));
      const port = opts.port === undefined ? undefined : Number(opts.port);
      if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
        throw new VigilError('VIGIL_ERR_VALIDATION', `--port must be 0..65535, got ${opts.port}`);
      }
      const config = completeConfig(loadConfig(process.env, {
        server: { ...(opts.host ? { host: opts.host } : {}), ...(port !== undefined ? { port } : {}) },
        ...(opts.db ? { database: { url: opts.db } } : {}),
      }));
      const store = await openStore(config.database.url);
      const app = await buildApp({
        store,
        config,
        webRoot: opts.web,
        trustProxy: opts.trustProxy,
        responseCache: cacheMs === 0 ? null : { ...DEFAULT_RESPONSE_CACHE, ttlMs: cacheMs },
      });
      const address = await app.listen({ host: config.server.host, port: config.server.port });
      if (!quiet) process.stdout.write(`Vigil is listening on ${address} (database: ${store.url}${workers > 1 ? `, ${workers} workers` : ''})\n`);
      if (!quiet && (await store.countUsers()) === 0) {
        process.stdout.write(
          'No users yet. Create the first admin account, then log in:\n' +
            `  vigil user add admin --role admin${opts.db ? ` --db ${opts.db}` : ''}\n` +
            'Scripts can use API tokens: vigil token create --user admin --name my-script\n',
        );
      }
      const stop = async (signal: string) => {
        rootLogger.info({ signal }, 'shutting down');
        await app.close();
        await store.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
}

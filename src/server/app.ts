/**
 * `buildApp({store, config})`: the fastify app behind `vigil serve`, without listening, so tests can
 * drive it with `app.inject()`. Routes live in ./routes/<resource>.ts, one file per resource.
 */
import { VigilError } from '../errors/catalogue.js';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type { VigilConfig } from '../config/schema.js';
import { rootLogger, type Logger } from '../log.js';
import type { Store } from '../store/types.js';
import { RateLimiter } from './auth.js';
import { DEFAULT_RESPONSE_CACHE, ResponseCache, type ResponseCacheOptions } from './cache.js';
import { registerRoute, type RouteSpec } from './http.js';
import { completeConfig } from './config.js';
import { installSecurity, type NotFoundFallback } from './security.js';
import { AuthCache, checkCsrf, makeAuthenticator } from './session.js';
import { serveWeb } from './static.js';
import { alertRoutes } from './routes/alerts.js';
import { authRoutes } from './routes/auth.js';
import { documentRoutes } from './routes/documents.js';
import { eventRoutes } from './routes/events.js';
import { exportRoutes } from './routes/exports.js';
import { incidentRoutes } from './routes/incidents.js';
import { openapiRoutes } from './routes/openapi.js';
import { reviewRoutes } from './routes/review.js';
import { sourceRoutes } from './routes/sources.js';
import { tokenRoutes } from './routes/tokens.js';
import { userRoutes } from './routes/users.js';

export interface BuildAppOptions {
  store: Store;
  config: VigilConfig;
  logger?: Logger;
  /** Folder with the built web app (index.html + assets); null = API only. Default: web/dist of the package. */
  webRoot?: string | null;
  /** Trust X-Forwarded-* (only behind your own reverse proxy). */
  trustProxy?: boolean;
  /** Response cache for list endpoints; null disables it. Default DEFAULT_RESPONSE_CACHE (2 s). */
  responseCache?: ResponseCacheOptions | null;
}

/** What every route module receives. */
export interface ServerContext {
  store: Store;
  config: VigilConfig;
  authCache: AuthCache;
  loginLimiter: RateLimiter;
  route<Q, P, B>(spec: RouteSpec<Q, P, B>): void;
  routes: RouteSpec<any, any, any>[];
}

/** Largest JSON request body, in bytes: review edits and logins are small. */
export const MAX_BODY_BYTES = 256 * 1024;

export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  const { store } = opts;
  const config = completeConfig(opts.config);
  const app = Fastify({
    loggerInstance: (opts.logger ?? rootLogger).child({ component: 'http' }) as unknown as FastifyBaseLogger,
    bodyLimit: MAX_BODY_BYTES,
    trustProxy: opts.trustProxy ?? false,
    // Long URLs are refused before routing (every size has a limit).
    routerOptions: { maxParamLength: 200 },
    requestTimeout: 30_000,
    // Errors raised before routing (a path parameter over maxParamLength: 414; a malformed URL: 400) answer with a
    // VIGIL_ERR body like every other error, not Fastify's own.
    frameworkErrors: (error, _req, reply) => {
      const code = (error as { code?: string }).code;
      const err = code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? new VigilError('VIGIL_ERR_URI_TOO_LONG', 'a path parameter is longer than 200 characters')
        : new VigilError('VIGIL_ERR_VALIDATION', code === 'FST_ERR_BAD_URL' ? 'the URL is malformed' : error.message);
      void (reply as FastifyReply).code(err.status).type('application/json; charset=utf-8').send(err.toJSON());
    },
  });
  await app.register(cookie);
  const fallback: { handler: NotFoundFallback | null } = { handler: null };
  installSecurity(app, { https: false, fallback, tileOrigins: config.server.tileUrl ? [new URL(config.server.tileUrl.replace(/[{}]/g, '')).origin] : [] });

  const authCache = new AuthCache();
  const cache = opts.responseCache === null ? undefined : new ResponseCache(opts.responseCache ?? DEFAULT_RESPONSE_CACHE);
  const deps = { authenticate: makeAuthenticator(store, authCache), checkCsrf, cache };
  const routes: RouteSpec<any, any, any>[] = [];
  const ctx: ServerContext = {
    store,
    config,
    authCache,
    loginLimiter: new RateLimiter({ limit: config.server.loginAttemptsPerMinute, windowMs: 60_000 }),
    route: (spec) => registerRoute(app, deps, spec, routes),
    routes,
  };

  for (const mod of [authRoutes, documentRoutes, eventRoutes, incidentRoutes, reviewRoutes, sourceRoutes, exportRoutes, tokenRoutes, userRoutes, alertRoutes, openapiRoutes]) {
    mod(ctx);
  }
  // Expired sessions are refused on lookup already; this only keeps the table small.
  const sweep = setInterval(() => void store.deleteExpiredSessions().catch((e: unknown) => app.log.warn({ err: e }, 'session sweep failed')), 3_600_000);
  sweep.unref();
  app.addHook('onClose', async () => clearInterval(sweep));
  // Read the database once in the background (small steps between requests): a cold 3 GB store
  // otherwise costs each filtered page 2-3x the CPU in page faults until every page has been touched.
  const warm = new AbortController();
  app.addHook('onReady', async () => {
    void store.warmUp?.(warm.signal)
      .then((ms) => { if (ms > 0) app.log.info({ ms: Math.round(ms) }, 'store warmed up'); })
      .catch((e: unknown) => app.log.warn({ err: e }, 'store warm-up failed'));
  });
  app.addHook('onClose', async () => warm.abort());
  if (opts.webRoot !== null) fallback.handler = await serveWeb(app, opts.webRoot ?? undefined);
  return app;
}

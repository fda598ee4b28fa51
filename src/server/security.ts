/**
 * Security headers on every response, and the error handler that turns anything thrown into
 * `{code, message, details?}` with the catalogue's HTTP status.
 *
 * CSP: scripts only from our own origin (no inline scripts, no eval); MapLibre starts its worker
 * from a blob: URL that imports our own worker file, hence worker-src blob:; map canvases and
 * exports use data:/blob: images.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { VigilError, toVigilError } from '../errors/catalogue.js';

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "child-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(https: boolean): Record<string, string> {
  const h: Record<string, string> = {
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
  if (https) h['strict-transport-security'] = 'max-age=31536000; includeSubDomains';
  return h;
}

/** Answers a request no route matched, or returns false to let the JSON 404 through (the web app's deep links). */
export type NotFoundFallback = (req: FastifyRequest, reply: FastifyReply) => boolean;

/** The CSP with extra origins allowed for images and fetches (the configured online tile server, server.tileUrl). */
export function cspWith(origins: string[]): string {
  if (origins.length === 0) return CSP;
  const extra = origins.join(' ');
  return CSP.replace("img-src 'self' data: blob:", `img-src 'self' data: blob: ${extra}`).replace("connect-src 'self'", `connect-src 'self' ${extra}`);
}

export function installSecurity(app: FastifyInstance, opts: { https: boolean; fallback?: { handler: NotFoundFallback | null }; tileOrigins?: string[] }): void {
  const headers = securityHeaders(opts.https);
  const { 'content-security-policy': baseCsp, ...others } = headers;
  const globalCsp = opts.tileOrigins?.length ? cspWith(opts.tileOrigins) : baseCsp;
  app.addHook('onSend', async (req, reply, payload) => {
    reply.headers(others);
    // A route's own CSP stays (original downloads carry "sandbox; default-src 'none'"); others get the global one.
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', globalCsp);
    // Over TLS (directly or behind a trusted proxy) tell browsers to stay on https.
    if (!opts.https && req.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    // API answers are per-user: never cache them in shared caches.
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });

  app.setErrorHandler((error: FastifyError | VigilError | Error, req, reply) => {
    let err: VigilError;
    const fe = error as FastifyError;
    if (error instanceof VigilError) err = error;
    else if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') err = new VigilError('VIGIL_ERR_TOO_LARGE', 'request body too large');
    else if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') err = new VigilError('VIGIL_ERR_VALIDATION', 'send JSON (content-type: application/json)');
    else if (fe.statusCode === 400 || (fe.code ?? '').startsWith('FST_ERR_CTP')) err = new VigilError('VIGIL_ERR_VALIDATION', fe.message);
    else err = toVigilError(error);
    if (err.status >= 500) req.log.error({ err: error }, 'request failed');
    else req.log.info({ code: err.code }, 'request refused');
    // Internal errors: don't leak internals (stack, SQL) to the client.
    const body = err.status >= 500 && err.code === 'VIGIL_ERR_INTERNAL' ? new VigilError('VIGIL_ERR_INTERNAL').toJSON() : err.toJSON();
    reply.code(err.status).type('application/json; charset=utf-8').send(body);
  });

  app.setNotFoundHandler((req, reply) => {
    if (opts.fallback?.handler?.(req, reply)) return;
    const err = new VigilError('VIGIL_ERR_NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0].slice(0, 200)}`);
    reply.code(404).send(err.toJSON());
  });
}

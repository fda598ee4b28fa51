/**
 * The built web app (web/dist). Hashed assets are cached for a year; index.html never is. Unknown
 * non-API paths get index.html, so reloading a deep link works.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { NotFoundFallback } from './security.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../data-path.js';

/** web/dist next to the package root (works from src/ under tsx and from dist/ after the build). */
export function defaultWebRoot(): string {
  return join(PACKAGE_ROOT, 'web', 'dist');
}

export async function serveWeb(app: FastifyInstance, root?: string): Promise<NotFoundFallback | null> {
  const dir = root ?? defaultWebRoot();
  if (!existsSync(join(dir, 'index.html'))) {
    app.log.warn({ dir }, 'web app not built (run `npm run build:web`); serving the API only');
    app.get('/', async (_req, reply) =>
      reply.type('text/plain; charset=utf-8').send('Vigil API is running. The web app is not built: run `npm run build:web`. API description: /openapi.json\n'),
    );
    return null;
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    index: ['index.html'],
    wildcard: false,
    setHeaders(res, path) {
      res.header('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  // With wildcard:false, @fastify/static registers one route per file at startup; page navigations
  // to any other non-API path get index.html (the not-found handler in security.ts asks us first).
  return (req, reply) => {
    const path = req.url.split('?')[0];
    if (req.method !== 'GET' || path.startsWith('/api/') || /\.[a-z0-9]+$/i.test(path) || !(req.headers.accept ?? '').includes('text/html')) return false;
    void reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').sendFile('index.html');
    return true;
  };
}

/**
 * The built web app (web/dist). Hashed assets are cached for a year; index.html never is. Unknown
 * non-API paths get index.html, so reloading a deep link works.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** web/dist next to the package root (works from src/ under tsx and from dist/ after the build). */
export function defaultWebRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, '..', '..', 'web', 'dist');
}

export async function serveWeb(app: FastifyInstance, root?: string): Promise<void> {
  const dir = root ?? defaultWebRoot();
  if (!existsSync(join(dir, 'index.html'))) {
    app.log.warn({ dir }, 'web app not built (run `npm run build:web`); serving the API only');
    app.get('/', async (_req, reply) =>
      reply.type('text/plain; charset=utf-8').send('Vigil API is running. The web app is not built: run `npm run build:web`. API description: /openapi.json\n'),
    );
    return;
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
  // With wildcard:false, @fastify/static registers one route per file at startup; anything else that is
  // not /api falls through to the not-found handler, which serves the app for page navigations.
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0];
    if (req.method === 'GET' && !path.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(path) && (req.headers.accept ?? '').includes('text/html')) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.code(404).send({ code: 'VIGIL_ERR_NOT_FOUND', message: `The requested item does not exist. Check the id. (no route ${req.method} ${path.slice(0, 200)})` });
  });
}

/**
 * GET /openapi.json: OpenAPI 3.1 generated from the route registry (zod -> JSON Schema), so the
 * document always matches what the server validates.
 */
import { z, type ZodType } from 'zod';
import { ERRORS } from '../../errors/catalogue.js';
import { VERSION } from '../../version.js';
import type { ServerContext } from '../app.js';
import type { RouteSpec } from '../http.js';

const jsonSchema = (s: ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;

function shapeOf(s: ZodType | undefined): Record<string, ZodType> {
  const def = s as unknown as { shape?: Record<string, ZodType> } | undefined;
  return def?.shape ?? {};
}

function parameters(spec: RouteSpec<any, any, any>): object[] {
  const out: object[] = [];
  for (const [where, schema] of [['path', spec.params], ['query', spec.query]] as const) {
    for (const [name, field] of Object.entries(shapeOf(schema))) {
      const { $schema: _drop, ...fieldSchema } = jsonSchema(field);
      out.push({ name, in: where, required: where === 'path' || !field.safeParse(undefined).success, schema: fieldSchema });
    }
  }
  return out;
}

export function buildOpenApi(routes: RouteSpec<any, any, any>[]): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    const errorCodes = ['VIGIL_ERR_VALIDATION', ...(r.access === 'public' ? [] : ['VIGIL_ERR_UNAUTHENTICATED', 'VIGIL_ERR_FORBIDDEN'])];
    const ok: Record<string, unknown> = { description: 'OK' };
    if (r.produces) ok.content = Object.fromEntries(r.produces.map((t) => [t, { schema: { type: 'string', format: 'binary' } }]));
    else if (r.response) ok.content = { 'application/json': { schema: jsonSchema(r.response) } };
    const op: Record<string, unknown> = {
      operationId: `${r.method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      summary: r.summary,
      tags: [r.tag],
      'x-vigil-role': r.access,
      parameters: parameters(r),
      responses: {
        [r.response || r.produces ? '200' : '204']: r.response || r.produces ? ok : { description: 'Done' },
        default: { description: `Error (${errorCodes.join(', ')}, …)`, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
      security: r.access === 'public' ? [] : [{ session: [] }, { bearer: [] }],
    };
    if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(r.body) } } };
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vigil API',
      version: VERSION,
      description:
        'Conflict events, incidents, evidence and review. Log in (POST /api/auth/login) for a session cookie and send its CSRF token as X-CSRF-Token on writes, or send an API token as Authorization: Bearer. Errors are {code, message, details?} with codes from the catalogue.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'vigil_session' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['code', 'message'],
          properties: { code: { type: 'string', enum: Object.keys(ERRORS) }, message: { type: 'string' }, details: {} },
        },
      },
    },
  };
}

export function openapiRoutes(ctx: ServerContext): void {
  let cached: object | null = null;
  ctx.route({
    method: 'GET',
    url: '/openapi.json',
    tag: 'meta',
    summary: 'This document.',
    access: 'public',
    handler() {
      cached ??= buildOpenApi(ctx.routes);
      return cached;
    },
  });
  ctx.route({
    method: 'GET',
    url: '/api/health',
    tag: 'meta',
    summary: 'Liveness: the server answers and reaches the database.',
    access: 'public',
    response: z.object({ ok: z.boolean(), version: z.string(), needsAdmin: z.boolean(), tileUrl: z.string().nullable() }),
    async handler() {
      // needsAdmin lets the login page explain the first run; the number of accounts is not disclosed.
      // tileUrl: the optional online base map the web app lays under its offline one (config server.tileUrl).
      return { ok: true, version: VERSION, needsAdmin: (await ctx.store.countUsers()) === 0, tileUrl: ctx.config.server.tileUrl ?? null };
    },
  });
}

/**
 * The one way routes are declared: a RouteSpec carries its zod schemas (query, params, body),
 * the least role allowed to call it, and its handler. `registerRoute` wires it into fastify with
 * authentication -> role check -> CSRF check -> validation, in that order, and records it in the
 * registry that /openapi.json is generated from, so the document can't drift from the code.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z, type ZodType } from 'zod';
import { VigilError } from '../errors/catalogue.js';
import type { AuthContext, Role } from './auth.js';
import { roleAtLeast } from './auth.js';
import type { ResponseCache } from './cache.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
/** 'public' = no login needed; otherwise the least role allowed. */
export type Access = 'public' | Role;

export interface HandlerContext<Q, P, B> {
  req: FastifyRequest;
  reply: FastifyReply;
  query: Q;
  params: P;
  body: B;
  auth: AuthContext | null;
}

export interface RouteSpec<Q = unknown, P = unknown, B = unknown> {
  method: Method;
  /** fastify path, e.g. /api/events/:id */
  url: string;
  summary: string;
  tag: string;
  access: Access;
  query?: ZodType<Q>;
  params?: ZodType<P>;
  body?: ZodType<B>;
  /** Response shape, for the OpenAPI document only (not enforced at run time). */
  response?: ZodType;
  /** Content types other than JSON that the route answers with (exports). */
  produces?: string[];
  /** Skip the CSRF check (login itself checks the pre-session token; logout is harmless). */
  csrf?: boolean;
  /** Answers may be served from the short-lived response cache (read-only list endpoints). */
  cacheable?: boolean;
  /** Runs first, before authentication (e.g. the login rate limit). */
  before?(req: FastifyRequest, reply: FastifyReply): void;
  handler(ctx: HandlerContext<Q, P, B>): Promise<unknown> | unknown;
}

/** Everything a route needs to authenticate a request; provided by app.ts. */
export interface RouteDeps {
  authenticate(req: FastifyRequest): Promise<AuthContext | null>;
  checkCsrf(req: FastifyRequest, auth: AuthContext | null): void;
  cache?: ResponseCache;
}

export const registry: RouteSpec<any, any, any>[] = [];

/** A handler's answer that is already JSON text (built by the database): sent and cached as it is. */
export class RawJson {
  constructor(readonly json: string) {}
}

/** Turn zod issues into `details` a client can show next to the fields. */
export function zodDetails(err: z.ZodError): { path: string; message: string }[] {
  return err.issues.slice(0, 50).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export function parseInput<T>(schema: ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw new VigilError('VIGIL_ERR_VALIDATION', `invalid ${where}`, zodDetails(r.error));
  return r.data;
}

const UNSAFE = new Set<Method>(['POST', 'PATCH', 'PUT', 'DELETE']);

export function registerRoute<Q, P, B>(app: FastifyInstance, deps: RouteDeps, spec: RouteSpec<Q, P, B>, reg: RouteSpec<any, any, any>[] = registry): void {
  reg.push(spec as RouteSpec<any, any, any>);
  app.route({
    method: spec.method,
    url: spec.url,
    handler: async (req, reply) => {
      spec.before?.(req, reply);
      const auth = await deps.authenticate(req);
      if (spec.access !== 'public') {
        if (!auth) throw new VigilError('VIGIL_ERR_UNAUTHENTICATED');
        if (!roleAtLeast(auth.user.role, spec.access)) {
          throw new VigilError('VIGIL_ERR_FORBIDDEN', `needs role ${spec.access}, you are ${auth.user.role}`);
        }
      }
      if (UNSAFE.has(spec.method) && spec.csrf !== false) deps.checkCsrf(req, auth);
      const params = parseInput(spec.params, req.params, 'path parameters');
      const query = parseInput(spec.query, req.query, 'query string');
      const body = parseInput(spec.body, spec.body ? (req.body ?? {}) : undefined, 'request body');
      const cache = spec.cacheable && spec.method === 'GET' ? deps.cache : undefined;
      if (cache) {
        const hit = cache.get(req.url);
        if (hit !== undefined) return reply.type('application/json; charset=utf-8').header('x-vigil-cache', 'hit').send(hit);
      }
      const out = await spec.handler({ req, reply, query, params, body, auth });
      // Any change may alter what the lists show: drop every cached answer.
      if (UNSAFE.has(spec.method)) deps.cache?.clear();
      if (out instanceof RawJson) {
        if (cache) cache.set(req.url, out.json);
        const r = reply.type('application/json; charset=utf-8');
        return (cache ? r.header('x-vigil-cache', 'miss') : r).send(out.json);
      }
      if (cache && out !== undefined && !reply.sent) {
        const json = JSON.stringify(out);
        cache.set(req.url, json);
        return reply.type('application/json; charset=utf-8').header('x-vigil-cache', 'miss').send(json);
      }
      if (reply.sent) return reply;
      if (out === undefined) {
        reply.code(204);
        return reply.send();
      }
      return out;
    },
  });
}

/** Used by list routes: `?limit=` with a hard upper bound (every size has a limit). */
export const limitParam = (max: number, dflt: number) => z.coerce.number().int().min(1).max(max).default(dflt);

/** Comma-separated list in a query string ("type=Battles,Protests"), bounded. */
export const csvParam = (maxItems = 20, maxLen = 200) =>
  z
    .string()
    .max(maxItems * (maxLen + 1))
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.string().max(maxLen)).max(maxItems));

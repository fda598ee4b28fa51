/** Inject helpers: log in as a role, call routes with cookie + CSRF or a Bearer token. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { PASSWORDS } from './fixtures.js';

export type Who = 'anon' | 'viewer' | 'analyst' | 'admin';
export interface Session {
  cookie: string;
  csrf: string;
}

function cookiesFrom(res: LightMyRequestResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of res.cookies as { name: string; value: string }[]) out[c.name] = c.value;
  return out;
}

export async function login(app: FastifyInstance, who: Exclude<Who, 'anon'>, ip = '10.0.0.1'): Promise<Session> {
  const pre = await app.inject({ method: 'GET', url: '/api/auth/csrf', remoteAddress: ip });
  const preCsrf = cookiesFrom(pre).vigil_csrf;
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: ip,
    headers: { cookie: `vigil_csrf=${preCsrf}`, 'x-csrf-token': pre.json().csrfToken },
    payload: { username: who, password: PASSWORDS[who] },
  });
  if (res.statusCode !== 200) throw new Error(`login ${who}: ${res.statusCode} ${res.body}`);
  return { cookie: `vigil_session=${cookiesFrom(res).vigil_session}`, csrf: res.json().csrfToken };
}

export interface CallOpts {
  session?: Session | null;
  token?: string;
  csrf?: boolean;
  payload?: unknown;
  ip?: string;
}

export function call(app: FastifyInstance, method: string, url: string, o: CallOpts = {}) {
  const headers: Record<string, string> = {};
  if (o.session) {
    headers.cookie = o.session.cookie;
    if (o.csrf !== false && method !== 'GET') headers['x-csrf-token'] = o.session.csrf;
  }
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  return app.inject({
    method: method as 'GET',
    url,
    headers,
    remoteAddress: o.ip ?? '10.0.0.1',
    ...(o.payload === undefined ? {} : { payload: o.payload as object }),
  });
}

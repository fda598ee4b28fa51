/**
 * Issue 19 (sessions and headers): a session ends when its user's password or role changes; original downloads keep
 * their sandbox CSP; errors raised before routing (414) carry a VIGIL_ERR code.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/schema.js';
import { buildApp } from '../../src/server/app.js';
import { CSP } from '../../src/server/security.js';
import { addSamples, addUsers, makeStore, type Fixture } from './fixtures.js';
import { call, login } from './helpers.js';

let fx: Fixture;
let app: FastifyInstance;

beforeAll(async () => {
  fx = await makeStore();
  await addUsers(fx.store);
  await addSamples(fx.store);
  app = await buildApp({ store: fx.store, config: loadConfig({}, { server: { loginAttemptsPerMinute: 1000 } }), webRoot: null });
});
afterAll(async () => {
  await app.close();
  await fx.cleanup();
});

async function userId(name: string): Promise<number> {
  const admin = await login(app, 'admin');
  const users = (await call(app, 'GET', '/api/users', { session: admin })).json() as { items?: { id: number; name: string }[] } | { id: number; name: string }[];
  const list = Array.isArray(users) ? users : users.items!;
  return list.find((u) => u.name === name)!.id;
}

describe('sessions end on password or role change', () => {
  it('a password change logs the user out everywhere', async () => {
    const viewer = await login(app, 'viewer');
    expect((await call(app, 'GET', '/api/auth/me', { session: viewer })).statusCode).toBe(200);
    const admin = await login(app, 'admin');
    const id = await userId('viewer');
    const r = await call(app, 'PATCH', `/api/users/${id}`, { session: admin, payload: { password: 'viewer-password-2' } });
    expect(r.statusCode).toBe(200);
    const after = await call(app, 'GET', '/api/auth/me', { session: viewer });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('VIGIL_ERR_UNAUTHENTICATED');
    // the admin's own session is untouched
    expect((await call(app, 'GET', '/api/auth/me', { session: admin })).statusCode).toBe(200);
  });

  it('a role change logs the user out; a patch that changes nothing about role or password does not', async () => {
    const analyst = await login(app, 'analyst');
    const admin = await login(app, 'admin');
    const id = await userId('analyst');
    expect((await call(app, 'PATCH', `/api/users/${id}`, { session: admin, payload: { role: 'analyst' } })).statusCode).toBe(200);
    expect((await call(app, 'GET', '/api/auth/me', { session: analyst })).statusCode).toBe(200);
    expect((await call(app, 'PATCH', `/api/users/${id}`, { session: admin, payload: { role: 'viewer' } })).statusCode).toBe(200);
    expect((await call(app, 'GET', '/api/auth/me', { session: analyst })).statusCode).toBe(401);
  });
});

describe('headers and codes', () => {
  it('original downloads carry the sandbox CSP, other answers the global one', async () => {
    const admin = await login(app, 'admin');
    const docs = (await call(app, 'GET', '/api/events', { session: admin })).json().items as { documentId: number }[];
    const res = await call(app, 'GET', `/api/documents/${docs[0].documentId}/original`, { session: admin });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
    expect(res.headers['content-disposition']).toMatch(/^attachment/);
    const other = await call(app, 'GET', '/api/events', { session: admin });
    expect(other.headers['content-security-policy']).toBe(CSP);
  });

  it('a path parameter over the limit answers 414 with a VIGIL_ERR code', async () => {
    const admin = await login(app, 'admin');
    const res = await call(app, 'GET', `/api/documents/${'9'.repeat(500)}`, { session: admin });
    expect(res.statusCode).toBe(414);
    expect(res.json().code).toBe('VIGIL_ERR_URI_TOO_LONG');
  });

  it('limits the exports one user runs at once (429 with a code) and frees the slot when an export ends', async () => {
    const one = await buildApp({ store: fx.store, config: loadConfig({}, { server: { loginAttemptsPerMinute: 1000, maxConcurrentExportsPerUser: 1 } }), webRoot: null });
    try {
      const admin = await login(one, 'admin');
      const answers = await Promise.all([1, 2, 3].map(() => call(one, 'GET', '/api/exports/csv', { session: admin })));
      const codes = answers.map((r) => r.statusCode).sort();
      expect(codes[0]).toBe(200);
      expect(codes.slice(1)).toEqual([429, 429]);
      expect(answers.find((r) => r.statusCode === 429)!.json().code).toBe('VIGIL_ERR_RATE_LIMITED');
      // all three have ended: the user may export again
      expect((await call(one, 'GET', '/api/exports/csv', { session: admin })).statusCode).toBe(200);
    } finally {
      await one.close();
    }
  });
});

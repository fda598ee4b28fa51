/**
 * Every API route through fastify's inject (no socket) against a real SQLite store:
 * happy path, 401 without login, 403 for a viewer on writes, 403 without the CSRF token,
 * 400 + VIGIL_ERR_ code on invalid input, and 429 from the login rate limit.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/schema.js';
import { buildApp } from '../../src/server/app.js';
import { CSP } from '../../src/server/security.js';
import { addSamples, addUsers, makeStore, PASSWORDS, type Fixture } from './fixtures.js';
import { call, login, type Session, type Who } from './helpers.js';

let fx: Fixture;
let app: FastifyInstance;
const S = {} as Record<Exclude<Who, 'anon'>, Session>;
let saraqib: number;
let abu: number;
let hostile: number;
let eventId: number;
let sourceId: number;
let docId: number;

beforeAll(async () => {
  fx = await makeStore();
  await addUsers(fx.store);
  await addSamples(fx.store);
  app = await buildApp({ store: fx.store, config: loadConfig({}, { server: { loginAttemptsPerMinute: 1000 } }), webRoot: null });
  for (const who of ['viewer', 'analyst', 'admin'] as const) S[who] = await login(app, who);
  const inc = (await call(app, 'GET', '/api/incidents', { session: S.viewer })).json().items as { id: number; place: string }[];
  saraqib = inc.find((i) => i.place === 'Saraqib')!.id;
  abu = inc.find((i) => i.place === 'Abu al-Duhur Air Base')!.id;
  hostile = inc.find((i) => i.place === 'Kafr Nabl')!.id;
  const ev = (await call(app, 'GET', `/api/events?incident=${abu}`, { session: S.viewer })).json().items;
  eventId = ev[0].id;
  docId = ev[0].documentId;
  sourceId = (await call(app, 'GET', '/api/sources', { session: S.viewer })).json().items[0].id;
});

afterAll(async () => {
  await app?.close();
  await fx?.cleanup();
});

/**
 * Every route: who may call it, a valid request, and an invalid one. The first test checks this table
 * lists exactly the routes the server registers, so a new route without tests fails the suite.
 */
interface Case {
  method: string;
  route: string;
  url: () => string;
  access: 'public' | 'viewer' | 'analyst' | 'admin';
  body?: () => unknown;
  invalid?: { url?: () => string; body?: () => unknown };
}
const CASES: Case[] = [
  { method: 'GET', route: '/api/health', url: () => '/api/health', access: 'public' },
  { method: 'GET', route: '/openapi.json', url: () => '/openapi.json', access: 'public' },
  { method: 'GET', route: '/api/auth/csrf', url: () => '/api/auth/csrf', access: 'public' },
  { method: 'POST', route: '/api/auth/login', url: () => '/api/auth/login', access: 'public', invalid: { body: () => ({ username: 'a b<script>', password: '' }) } },
  { method: 'POST', route: '/api/auth/logout', url: () => '/api/auth/logout', access: 'viewer' },
  { method: 'GET', route: '/api/auth/me', url: () => '/api/auth/me', access: 'viewer' },
  { method: 'GET', route: '/api/documents', url: () => '/api/documents', access: 'viewer', invalid: { url: () => '/api/documents?limit=0' } },
  { method: 'GET', route: '/api/documents/:id', url: () => `/api/documents/${docId}`, access: 'viewer', invalid: { url: () => '/api/documents/abc' } },
  { method: 'GET', route: '/api/documents/:id/original', url: () => `/api/documents/${docId}/original`, access: 'viewer', invalid: { url: () => '/api/documents/-1/original' } },
  { method: 'GET', route: '/api/documents/:id/custody', url: () => `/api/documents/${docId}/custody`, access: 'viewer', invalid: { url: () => `/api/documents/${docId}/custody?limit=100000` } },
  { method: 'GET', route: '/api/events', url: () => '/api/events?weapon=cluster%20munition', access: 'viewer', invalid: { url: () => '/api/events?since=yesterday' } },
  { method: 'GET', route: '/api/events/histogram', url: () => '/api/events/histogram?bucket=month', access: 'viewer', invalid: { url: () => '/api/events/histogram?bucket=century' } },
  { method: 'GET', route: '/api/events/:id', url: () => `/api/events/${eventId}`, access: 'viewer', invalid: { url: () => '/api/events/1.5' } },
  { method: 'GET', route: '/api/incidents', url: () => '/api/incidents', access: 'viewer', invalid: { url: () => '/api/incidents?grade=excellent' } },
  { method: 'GET', route: '/api/incidents/:id', url: () => `/api/incidents/${saraqib}`, access: 'viewer', invalid: { url: () => '/api/incidents/x' } },
  { method: 'POST', route: '/api/incidents/:id/review', url: () => `/api/incidents/${abu}/review`, access: 'analyst', body: () => ({ action: 'accept', note: 'checked' }), invalid: { body: () => ({ action: 'approve' }) } },
  { method: 'PATCH', route: '/api/incidents/:id', url: () => `/api/incidents/${abu}`, access: 'analyst', body: () => ({ field: 'kind', value: 'artillery shelling', note: 'the report says shells' }), invalid: { body: () => ({ field: 'kind', value: 'artillery shelling' }) } },
  { method: 'POST', route: '/api/events/:id/review', url: () => `/api/events/${eventId}/review`, access: 'analyst', body: () => ({ action: 'accept' }), invalid: { body: () => ({ action: 'accept', extra: 1 }) } },
  { method: 'PATCH', route: '/api/events/:id', url: () => `/api/events/${eventId}`, access: 'analyst', body: () => ({ field: 'fatalities', value: { low: 2, best: 2, high: 3 }, note: 'morgue list' }), invalid: { body: () => ({ field: 'fatalities', value: { low: 5, best: 2, high: 3 }, note: 'x' }) } },
  { method: 'POST', route: '/api/incidents/merge', url: () => '/api/incidents/merge', access: 'analyst', invalid: { body: () => ({ into: 1, from: [1] }) } },
  { method: 'POST', route: '/api/incidents/split', url: () => '/api/incidents/split', access: 'analyst', invalid: { body: () => ({ eventIds: [] }) } },
  { method: 'GET', route: '/api/review', url: () => '/api/review', access: 'viewer', invalid: { url: () => '/api/review?target=document' } },
  { method: 'GET', route: '/api/incidents/:id/audit', url: () => `/api/incidents/${saraqib}/audit`, access: 'viewer', invalid: { url: () => `/api/incidents/${saraqib}/audit?limit=5000` } },
  { method: 'GET', route: '/api/incidents/:id/nearby', url: () => `/api/incidents/${saraqib}/nearby?km=100`, access: 'viewer', invalid: { url: () => `/api/incidents/${saraqib}/nearby?km=-3` } },
  { method: 'GET', route: '/api/sources', url: () => '/api/sources', access: 'viewer' },
  { method: 'GET', route: '/api/sources/:id', url: () => `/api/sources/${sourceId}`, access: 'viewer', invalid: { url: () => '/api/sources/0' } },
  { method: 'PATCH', route: '/api/sources/:id', url: () => `/api/sources/${sourceId}`, access: 'analyst', body: () => ({ kind: 'independent-media' }), invalid: { body: () => ({ kind: 'tabloid' }) } },
  { method: 'GET', route: '/api/exports/:format', url: () => '/api/exports/csv', access: 'viewer', invalid: { url: () => '/api/exports/pdf' } },
  { method: 'GET', route: '/api/tokens', url: () => '/api/tokens', access: 'viewer' },
  { method: 'POST', route: '/api/tokens', url: () => '/api/tokens', access: 'viewer', body: () => ({ name: 'test' }), invalid: { body: () => ({ name: '' }) } },
  { method: 'DELETE', route: '/api/tokens/:id', url: () => '/api/tokens/999999', access: 'viewer', invalid: { url: () => '/api/tokens/abc' } },
  { method: 'GET', route: '/api/users', url: () => '/api/users', access: 'admin' },
  { method: 'POST', route: '/api/users', url: () => '/api/users', access: 'admin', body: () => ({ name: 'newbie', role: 'viewer', password: 'long-enough-pw' }), invalid: { body: () => ({ name: 'x', role: 'root', password: 'short' }) } },
  { method: 'PATCH', route: '/api/users/:id', url: () => '/api/users/1', access: 'admin', invalid: { body: () => ({}) } },
  { method: 'GET', route: '/api/alerts', url: () => '/api/alerts', access: 'analyst' },
  { method: 'GET', route: '/api/alerts/:name/atom', url: () => '/api/alerts/none/atom', access: 'viewer', invalid: { url: () => '/api/alerts/bad%20name!/atom' } },
  { method: 'GET', route: '/api/alerts/stream', url: () => '/api/alerts/stream', access: 'viewer' },
  { method: 'GET', route: '/api/watch/sources', url: () => '/api/watch/sources', access: 'admin' },
  { method: 'POST', route: '/api/watch/sources', url: () => '/api/watch/sources', access: 'admin', body: () => ({ url: 'https://news.example.org/feed.xml', everySeconds: 600 }), invalid: { body: () => ({ url: 'ftp://news.example.org/feed.xml' }) } },
  { method: 'DELETE', route: '/api/watch/sources/:id', url: () => '/api/watch/sources/999999', access: 'admin', invalid: { url: () => '/api/watch/sources/abc' } },
];

const isWrite = (m: string) => m !== 'GET';

describe('route table', () => {
  it('covers every registered route', async () => {
    const doc = (await call(app, 'GET', '/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    const registered = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`));
    expect(new Set(registered)).toEqual(new Set(CASES.map((c) => `${c.method} ${c.route}`)));
  });
});

describe('unauthenticated -> 401', () => {
  for (const c of CASES.filter((c) => c.access !== 'public')) {
    it(`${c.method} ${c.route}`, async () => {
      const res = await call(app, c.method, c.url(), { payload: c.body?.() });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('VIGIL_ERR_UNAUTHENTICATED');
    });
  }
  it('a wrong Bearer token is 401, not anonymous', async () => {
    const res = await call(app, 'GET', '/api/health', { token: 'vgl_nope' });
    expect(res.statusCode).toBe(401);
  });
});

describe('viewer cannot write -> 403', () => {
  for (const c of CASES.filter((c) => c.access === 'analyst' || c.access === 'admin')) {
    it(`${c.method} ${c.route}`, async () => {
      const res = await call(app, c.method, c.url(), { session: S.viewer, payload: c.body?.() ?? {} });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('VIGIL_ERR_FORBIDDEN');
    });
  }
  it('an analyst cannot manage users', async () => {
    const res = await call(app, 'POST', '/api/users', { session: S.analyst, payload: { name: 'x', role: 'admin', password: 'long-enough-pw' } });
    expect(res.statusCode).toBe(403);
  });
});

describe('CSRF token missing -> 403', () => {
  for (const c of CASES.filter((c) => isWrite(c.method))) {
    it(`${c.method} ${c.route}`, async () => {
      const who = c.access === 'public' || c.access === 'viewer' ? 'viewer' : c.access;
      const res = await call(app, c.method, c.url(), { session: S[who], csrf: false, payload: c.body?.() ?? {} });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('VIGIL_ERR_CSRF');
    });
  }
  it('a wrong CSRF token is refused too', async () => {
    const res = await app.inject({ method: 'POST', url: `/api/incidents/${abu}/review`, headers: { cookie: S.analyst.cookie, 'x-csrf-token': 'forged' }, payload: { action: 'reject' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('VIGIL_ERR_CSRF');
  });
});

describe('invalid input -> 400 with a code', () => {
  for (const c of CASES.filter((c) => c.invalid)) {
    it(`${c.method} ${c.route}`, async () => {
      const who = c.access === 'public' ? 'viewer' : c.access;
      const url = c.invalid!.url?.() ?? c.url();
      const payload = c.invalid!.body?.() ?? c.body?.();
      const headers: Record<string, string> = { cookie: S[who].cookie };
      if (isWrite(c.method)) headers['x-csrf-token'] = S[who].csrf;
      const res = await app.inject({ method: c.method as 'GET', url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VIGIL_ERR_VALIDATION');
      expect(res.json().message).toMatch(/invalid/);
    });
  }
  it('malformed JSON is a validation error', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: S.viewer.cookie, 'x-csrf-token': S.viewer.csrf, 'content-type': 'application/json' }, payload: '{"name":' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VIGIL_ERR_VALIDATION');
  });
  it('oversized bodies are refused with VIGIL_ERR_TOO_LARGE', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: S.viewer.cookie, 'x-csrf-token': S.viewer.csrf, 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x'.repeat(400_000) }) });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('VIGIL_ERR_TOO_LARGE');
  });
  it('unknown ids are 404 with VIGIL_ERR_NOT_FOUND', async () => {
    for (const u of ['/api/incidents/999999', '/api/events/999999', '/api/documents/999999', '/api/sources/999999', '/api/nothing-here']) {
      const res = await call(app, 'GET', u, { session: S.viewer });
      expect(res.statusCode, u).toBe(404);
      expect(res.json().code).toBe('VIGIL_ERR_NOT_FOUND');
    }
  });
});

describe('happy paths', () => {
  it('health and OpenAPI', async () => {
    expect((await call(app, 'GET', '/api/health')).json()).toMatchObject({ ok: true, needsAdmin: false });
    const doc = (await call(app, 'GET', '/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    const events = doc.paths['/api/events'].get;
    expect(events.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['since', 'until', 'bbox', 'type', 'actor', 'weapon', 'grade', 'q', 'limit', 'cursor']));
    expect(doc.paths['/api/incidents/{id}/review'].post.requestBody.content['application/json'].schema.properties.action.enum).toEqual(['accept', 'reject']);
  });

  it('security headers and CSP on every answer', async () => {
    const res = await call(app, 'GET', '/api/health');
    expect(res.headers['content-security-policy']).toBe(CSP);
    expect(CSP).toContain("default-src 'self'");
    expect(CSP).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('behind a trusted TLS proxy: HSTS and Secure cookies', async () => {
    const proxied = await buildApp({ store: fx.store, config: loadConfig({}), webRoot: null, trustProxy: true });
    try {
      const res = await proxied.inject({ method: 'GET', url: '/api/auth/csrf', headers: { 'x-forwarded-proto': 'https' } });
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(String(res.headers['set-cookie'])).toMatch(/vigil_csrf=.*; Secure/i);
      const plain = await proxied.inject({ method: 'GET', url: '/api/auth/csrf' });
      expect(plain.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await proxied.close();
    }
  });

  it('login sets an HttpOnly SameSite=Strict session cookie; me and logout', async () => {
    const pre = await app.inject({ method: 'GET', url: '/api/auth/csrf' });
    const t = pre.json().csrfToken;
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { cookie: `vigil_csrf=${t}`, 'x-csrf-token': t }, payload: { username: 'viewer', password: PASSWORDS.viewer } });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/vigil_session=[^;]+;.*HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const session = { cookie: `vigil_session=${(res.cookies as { name: string; value: string }[]).find((c) => c.name === 'vigil_session')!.value}`, csrf: res.json().csrfToken };
    expect((await call(app, 'GET', '/api/auth/me', { session })).json().user).toMatchObject({ name: 'viewer', role: 'viewer' });
    expect((await call(app, 'GET', '/api/auth/csrf', { session })).json().csrfToken).toBe(session.csrf);
    expect((await call(app, 'POST', '/api/auth/logout', { session })).statusCode).toBe(204);
    expect((await call(app, 'GET', '/api/auth/me', { session })).statusCode).toBe(401);
  });

  it('wrong password and unknown user get the same answer', async () => {
    const pre = await app.inject({ method: 'GET', url: '/api/auth/csrf' });
    const t = pre.json().csrfToken;
    for (const [username, password] of [['viewer', 'wrong-password'], ['nobody', 'wrong-password']]) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { cookie: `vigil_csrf=${t}`, 'x-csrf-token': t }, payload: { username, password } });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('VIGIL_ERR_BAD_CREDENTIALS');
    }
  });

  it('documents: list without text, one with text and provenance, original bytes as a download, custody', async () => {
    const list = (await call(app, 'GET', '/api/documents', { session: S.viewer })).json();
    expect(list.items.length).toBe(4);
    expect(list.items[0].text).toBeUndefined();
    const one = (await call(app, 'GET', `/api/documents/${docId}`, { session: S.viewer })).json();
    expect(one.text).toContain('Abu al-Duhur');
    expect(one.original.sha256).toBe(one.sha256);
    const orig = await call(app, 'GET', `/api/documents/${docId}/original`, { session: S.viewer });
    expect(orig.headers['content-type']).toBe('application/octet-stream');
    expect(orig.headers['content-disposition']).toMatch(/^attachment/);
    expect(orig.body).toBe(one.text);
    const custody = (await call(app, 'GET', `/api/documents/${docId}/custody`, { session: S.viewer })).json();
    expect(custody.items.map((c: { action: string }) => c.action)).toContain('ingested');
  });

  it('events: filters by weapon, type, grade, bbox, dates, text; pages with a cursor; one event with evidence', async () => {
    const get = async (q: string) => (await call(app, 'GET', `/api/events${q}`, { session: S.viewer })).json();
    expect((await get('')).items.length).toBe(4);
    const cluster = await get('?weapon=cluster%20munition');
    expect(cluster.items.length).toBe(2);
    expect(cluster.items.every((e: { place: string }) => e.place === 'Saraqib')).toBe(true);
    expect((await get('?type=Protests')).items.map((e: { place: string }) => e.place)).toEqual(['Kafr Nabl']);
    expect((await get('?since=2024-02-01&until=2024-02-28')).items.map((e: { place: string }) => e.place)).toEqual(['Abu al-Duhur Air Base']);
    expect((await get('?bbox=36.7,35.8,36.9,35.9')).items.length).toBe(2);
    expect((await get('?q=vegetable%20market')).items.length).toBe(1);
    const p1 = await get('?limit=3');
    expect(p1.items.length).toBe(3);
    expect(p1.nextCursor).toBeTruthy();
    const p2 = await get(`?limit=3&cursor=${encodeURIComponent(p1.nextCursor)}`);
    expect(p2.items.length).toBe(1);
    const one = (await call(app, 'GET', `/api/events/${eventId}`, { session: S.viewer })).json();
    expect(one.record.evidence.location[0].text).toBe('Abu al-Duhur Air Base');
    const hist = (await call(app, 'GET', '/api/events/histogram?bucket=month', { session: S.viewer })).json();
    expect(hist.buckets.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(4);
  });

  it('incidents: the two Saraqib reports are one incident with both reports, evidence spans, grade and reasons', async () => {
    const list = (await call(app, 'GET', '/api/incidents?weapon=cluster%20munition', { session: S.viewer })).json();
    expect(list.items.map((i: { id: number }) => i.id)).toEqual([saraqib]);
    const inc = (await call(app, 'GET', `/api/incidents/${saraqib}`, { session: S.viewer })).json();
    expect(inc.reports.length).toBe(2);
    expect(inc.grade).toBeTruthy();
    expect(inc.reasons.length).toBeGreaterThan(0);
    expect(inc.fatalities).toMatchObject({ low: 7, high: 8 });
    for (const r of inc.reports) {
      const weapons = r.evidence.find((e: { field: string }) => e.field === 'weapons');
      expect(r.excerpt.slice(weapons.start, weapons.end)).toMatch(/cluster munitions|بالذخائر العنقودية/);
    }
  });

  it('review: accept, edit, audit trail with who / before / after', async () => {
    const acc = await call(app, 'POST', `/api/incidents/${saraqib}/review`, { session: S.analyst, payload: { action: 'accept', note: 'two independent sources' } });
    expect(acc.statusCode).toBe(200);
    expect(acc.json().actions[0]).toMatchObject({ action: 'accept', user: 'analyst' });
    expect((await call(app, 'GET', `/api/incidents/${saraqib}`, { session: S.viewer })).json().status).toBe('accepted');
    const edit = await call(app, 'PATCH', `/api/events/${eventId}`, { session: S.admin, payload: { field: 'kind', value: 'artillery strike', note: 'guns, not rockets' } });
    expect(edit.statusCode).toBe(200);
    const trail = (await call(app, 'GET', `/api/review?target=event&id=${eventId}`, { session: S.viewer })).json().items;
    expect(trail[0]).toMatchObject({ action: 'edit', user: 'admin', field: 'kind', before: 'shelling', after: 'artillery strike' });
    expect((await call(app, 'GET', `/api/events/${eventId}`, { session: S.viewer })).json().kind).toBe('artillery strike');
  });

  it('merge and split incidents', async () => {
    const merged = await call(app, 'POST', '/api/incidents/merge', { session: S.analyst, payload: { into: abu, from: [hostile], note: 'test merge' } });
    expect(merged.statusCode).toBe(200);
    expect((await call(app, 'GET', `/api/incidents/${hostile}`, { session: S.viewer })).json().status).toBe('merged');
    const members = (await call(app, 'GET', `/api/events?incident=${abu}`, { session: S.viewer })).json().items as { id: number; place: string }[];
    const moved = members.filter((e) => e.place === 'Kafr Nabl').map((e) => e.id);
    expect(moved.length).toBe(1);
    const split = await call(app, 'POST', '/api/incidents/split', { session: S.analyst, payload: { eventIds: moved, note: 'different town' } });
    expect(split.statusCode).toBe(200);
    expect(split.json().incidentId).toBeGreaterThan(0);
  });

  it('sources: edit kind (analyst), recorded', async () => {
    const res = await call(app, 'PATCH', `/api/sources/${sourceId}`, { session: S.analyst, payload: { kind: 'ngo' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().kind).toBe('ngo');
    expect((await call(app, 'GET', `/api/sources/${sourceId}`, { session: S.viewer })).json().kind).toBe('ngo');
  });

  it('exports: CSV with ACLED columns, GeoJSON, JSON Lines, as downloads', async () => {
    const csv = await call(app, 'GET', '/api/exports/csv?weapon=cluster%20munition', { session: S.viewer });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="vigil-events-.*\.csv"/);
    const lines = csv.body.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^event_id_cnty,event_date,/);
    expect(lines.length).toBe(3);
    const gj = JSON.parse((await call(app, 'GET', '/api/exports/geojson', { session: S.viewer })).body);
    expect(gj.type).toBe('FeatureCollection');
    expect(gj.features.length).toBe(4);
    const jl = (await call(app, 'GET', '/api/exports/jsonl?type=Protests', { session: S.viewer })).body.trim().split('\n');
    expect(jl.length).toBe(1);
    expect(JSON.parse(jl[0])).toBeTypeOf('object');
  });

  it('API tokens: create, use as Bearer without CSRF, list, revoke', async () => {
    const created = await call(app, 'POST', '/api/tokens', { session: S.analyst, payload: { name: 'script' } });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^vgl_/);
    expect((await call(app, 'GET', '/api/auth/me', { token })).json().user.name).toBe('analyst');
    // Bearer calls need no CSRF token (browsers never send Authorization on their own).
    expect((await call(app, 'POST', `/api/events/${eventId}/review`, { token, payload: { action: 'accept' } })).statusCode).toBe(200);
    const list = (await call(app, 'GET', '/api/tokens', { session: S.analyst })).json().items;
    expect(list.some((t: { id: number; name: string }) => t.id === id && t.name === 'script')).toBe(true);
    expect(JSON.stringify(list)).not.toContain(token);
    // A viewer cannot revoke someone else's token.
    expect((await call(app, 'DELETE', `/api/tokens/${id}`, { session: S.viewer })).statusCode).toBe(404);
    expect((await call(app, 'DELETE', `/api/tokens/${id}`, { session: S.analyst })).statusCode).toBe(204);
    expect((await call(app, 'GET', '/api/auth/me', { token })).statusCode).toBe(401);
  });

  it('viewer tokens stay read-only', async () => {
    const { token } = (await call(app, 'POST', '/api/tokens', { session: S.viewer, payload: { name: 'ro' } })).json();
    expect((await call(app, 'GET', '/api/events', { token })).statusCode).toBe(200);
    expect((await call(app, 'POST', `/api/incidents/${saraqib}/review`, { token, payload: { action: 'reject' } })).statusCode).toBe(403);
  });

  it('users (admin): list, create, change role, cannot demote self, disabled users cannot log in', async () => {
    expect((await call(app, 'GET', '/api/users', { session: S.admin })).json().items.length).toBeGreaterThanOrEqual(3);
    const created = await call(app, 'POST', '/api/users', { session: S.admin, payload: { name: 'temp', role: 'viewer', password: 'temp-password-1' } });
    expect(created.statusCode).toBe(201);
    const dup = await call(app, 'POST', '/api/users', { session: S.admin, payload: { name: 'temp', role: 'viewer', password: 'temp-password-1' } });
    expect(dup.json().code).toBe('VIGIL_ERR_CONFLICT');
    const id = created.json().id;
    expect((await call(app, 'PATCH', `/api/users/${id}`, { session: S.admin, payload: { role: 'analyst' } })).json().role).toBe('analyst');
    const me = (await call(app, 'GET', '/api/auth/me', { session: S.admin })).json().user.id;
    expect((await call(app, 'PATCH', `/api/users/${me}`, { session: S.admin, payload: { role: 'viewer' } })).json().code).toBe('VIGIL_ERR_CONFLICT');
    expect((await call(app, 'PATCH', `/api/users/${id}`, { session: S.admin, payload: { disabled: true } })).statusCode).toBe(200);
    const pre = await app.inject({ method: 'GET', url: '/api/auth/csrf' });
    const t = pre.json().csrfToken;
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { cookie: `vigil_csrf=${t}`, 'x-csrf-token': t }, payload: { username: 'temp', password: 'temp-password-1' } });
    expect(res.statusCode).toBe(401);
  });

  it('login without the pre-session CSRF pair is refused', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'viewer', password: PASSWORDS.viewer } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('VIGIL_ERR_CSRF');
  });
});

describe('login rate limit -> 429', () => {
  it('refuses the attempt after server.loginAttemptsPerMinute from one client, not from others', async () => {
    const limited = await buildApp({ store: fx.store, config: loadConfig({}, { server: { loginAttemptsPerMinute: 3 } }), webRoot: null });
    try {
      const pre = await limited.inject({ method: 'GET', url: '/api/auth/csrf' });
      const t = pre.json().csrfToken;
      const attempt = (ip: string, password = 'wrong-password') =>
        limited.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, headers: { cookie: `vigil_csrf=${t}`, 'x-csrf-token': t }, payload: { username: 'viewer', password } });
      for (let i = 0; i < 3; i++) expect((await attempt('10.9.9.9')).statusCode).toBe(401);
      const blocked = await attempt('10.9.9.9', PASSWORDS.viewer);
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().code).toBe('VIGIL_ERR_RATE_LIMITED');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect((await attempt('10.9.9.8', PASSWORDS.viewer)).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('untrusted report text comes back as data, unchanged', () => {
  it('the hostile report is JSON-escaped text, and the JSON content type is not sniffable', async () => {
    const inc = await call(app, 'GET', `/api/incidents?type=Protests`, { session: S.viewer });
    expect(inc.headers['content-type']).toMatch(/^application\/json/);
    const doc = (await call(app, 'GET', '/api/documents', { session: S.viewer })).json().items.find((d: { key: string }) => d.key === 'fixture-hostile');
    const one = (await call(app, 'GET', `/api/documents/${doc.id}`, { session: S.viewer })).json();
    expect(one.text).toContain('<script>window.__pwned=1</script>');
  });
});

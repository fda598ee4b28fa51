/**
 * What the incident view reads from the API: actors by role, weapons with their concern flag, casualty ranges,
 * attribution; an analyst's correction of actors with their roles (audit trail before -> after with roles, a
 * bad role refused at the field); and the timeline histogram keeping undated events apart.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/schema.js';
import { buildApp } from '../../src/server/app.js';
import { addSamples, addUsers, makeStore, SAMPLE_DOCS, type Fixture } from './fixtures.js';
import { call, login, type Session } from './helpers.js';

let fx: Fixture;
let app: FastifyInstance;
let viewer: Session;
let analyst: Session;
let saraqib: number;

beforeAll(async () => {
  fx = await makeStore();
  await addUsers(fx.store);
  // The samples, plus one report whose text gives no date.
  const undated = {
    ...SAMPLE_DOCS[2],
    key: 'fixture-undated',
    title: 'Shelling reported, date not given',
    text: 'Government artillery shelled positions near Abu al-Duhur Air Base; two fighters were killed.',
    events: [{ ...SAMPLE_DOCS[2].events[0], date: '', evidence: { trigger: ['shelled'] } }],
  };
  await addSamples(fx.store);
  await addSamples(fx.store, [undated]).catch(() => undefined);
  app = await buildApp({ store: fx.store, config: loadConfig({}), webRoot: null });
  viewer = await login(app, 'viewer');
  analyst = await login(app, 'analyst');
  const inc = (await call(app, 'GET', '/api/incidents', { session: viewer })).json().items as { id: number; place: string }[];
  saraqib = inc.find((i) => i.place === 'Saraqib')!.id;
});

afterAll(async () => {
  await app?.close();
  await fx?.cleanup();
});

describe('incident view data', () => {
  it('lists actors by role, weapons with their concern flag, casualty ranges and attribution', async () => {
    const inc = (await call(app, 'GET', `/api/incidents/${saraqib}`, { session: viewer })).json();
    expect(inc.actorRoles).toEqual([{ name: 'Military Forces of Russia', role: 'perpetrator', category: 'state', reports: 2 }]);
    expect(inc.weaponDetails).toEqual([{ name: 'cluster munition', category: 'cluster', concern: true, reports: 2 }]);
    expect(inc.injured).toBeNull();
    expect(inc.attribution.statuses).toEqual([{ status: 'stated', reports: 2 }]);
  });

  it('corrects actors with their roles on a report; the trail keeps the roles before and after; a bad role is refused at the field', async () => {
    const inc = (await call(app, 'GET', `/api/incidents/${saraqib}`, { session: viewer })).json();
    const ev = inc.events[0].id;
    const value = [
      { name: 'Military Forces of Russia', role: 'perpetrator' },
      { name: 'Civilians (Syria)', role: 'victim' },
    ];
    const ok = await call(app, 'PATCH', `/api/events/${ev}`, { session: analyst, payload: { field: 'actors', value, note: 'the market crowd were the victims' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().actions[0].before).toEqual([{ name: 'Military Forces of Russia', role: 'perpetrator' }]);
    expect(ok.json().actions[0].after).toEqual(value);
    const after = (await call(app, 'GET', `/api/incidents/${saraqib}`, { session: viewer })).json();
    expect(after.actorRoles).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Civilians (Syria)', role: 'victim', reports: 1 })]));
    const bad = await call(app, 'PATCH', `/api/events/${ev}`, { session: analyst, payload: { field: 'actors', value: [{ name: 'X', role: 'bystander' }], note: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VIGIL_ERR_VALIDATION');
    expect(bad.json().details[0].path).toBe('value');
  });

  it('keeps undated events out of the timeline buckets and counts them apart', async () => {
    const hist = (await call(app, 'GET', '/api/events/histogram?bucket=month', { session: viewer })).json();
    const dated = hist.buckets.reduce((n: number, b: { count: number }) => n + b.count, 0);
    expect(hist.undated.count).toBe(1);
    expect(dated).toBe(4);
  });
});

describe('optional online base map', () => {
  it('is off by default; when configured, the app learns its URL and the CSP allows its origin only for images and fetches', async () => {
    const off = await call(app, 'GET', '/api/health');
    expect(off.json().tileUrl).toBeNull();
    expect(off.headers['content-security-policy']).toContain("connect-src 'self';");
    const url = 'https://tiles.example.org/{z}/{x}/{y}.png';
    const on = await buildApp({ store: fx.store, config: loadConfig({}, { server: { tileUrl: url } }), webRoot: null });
    try {
      const res = await call(on, 'GET', '/api/health');
      expect(res.json().tileUrl).toBe(url);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("img-src 'self' data: blob: https://tiles.example.org;");
      expect(csp).toContain("connect-src 'self' https://tiles.example.org;");
      expect(csp).toContain("script-src 'self';");
    } finally {
      await on.close();
    }
    expect(() => loadConfig({ VIGIL_TILE_URL: 'http://tiles.example.org/{z}/{x}/{y}.png' })).toThrow();
  });
});

/**
 * The analyst review workflow through the API (inject, real SQLite store): a reason is required for
 * every change except an accept, an incident's audit trail gathers actions on the incident, on its reports
 * and the splits that moved reports out, and /nearby lists merge candidates nearest first.
 * Runs on SQLite, and on PostgreSQL too when VIGIL_TEST_PG_URL is set (CI sets it), because the incident
 * audit trail is SQL of its own (src/store/incident-trail.ts).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/schema.js';
import { buildApp } from '../../src/server/app.js';
import type { Store } from '../../src/store/types.js';
import { postgresBackend } from '../store/backends.js';
import { addSamples, addUsers, makeStore } from './fixtures.js';
import { call, login, type Session } from './helpers.js';

const pgUrl = process.env.VIGIL_TEST_PG_URL;
const backends = [
  { name: 'sqlite', open: () => makeStore() },
  ...(pgUrl ? [{ name: 'postgres', open: () => postgresBackend(() => Promise.resolve(pgUrl)).open() }] : []),
];

describe.each(backends)('review API on $name', (backend) => {
  let fx: { store: Store; cleanup(): Promise<void> };
  let app: FastifyInstance;
  let analyst: Session;
  let admin: Session;
  let viewer: Session;
  const ids = { saraqib: 0, abu: 0, hostile: 0 };

  beforeAll(async () => {
    fx = await backend.open();
    await addUsers(fx.store);
    await addSamples(fx.store);
    app = await buildApp({ store: fx.store, config: loadConfig({}, { server: { loginAttemptsPerMinute: 1000 } }), webRoot: null });
    analyst = await login(app, 'analyst');
    admin = await login(app, 'admin');
    viewer = await login(app, 'viewer');
    const inc = (await call(app, 'GET', '/api/incidents', { session: viewer })).json().items as { id: number; place: string }[];
    ids.saraqib = inc.find((i) => i.place === 'Saraqib')!.id;
    ids.abu = inc.find((i) => i.place === 'Abu al-Duhur Air Base')!.id;
    ids.hostile = inc.find((i) => i.place === 'Kafr Nabl')!.id;
  });

  afterAll(async () => {
    await app?.close();
    await fx?.cleanup();
  });

  const audit = async (id: number) => (await call(app, 'GET', `/api/incidents/${id}/audit`, { session: viewer })).json().items as Record<string, unknown>[];

  describe('a reason is required', () => {
    const refused = [
      ['PATCH incident, no note', 'PATCH', () => `/api/incidents/${ids.abu}`, { field: 'grade', value: 'discounted' }],
      ['PATCH incident, blank note', 'PATCH', () => `/api/incidents/${ids.abu}`, { field: 'grade', value: 'discounted', note: '   ' }],
      ['reject without note', 'POST', () => `/api/incidents/${ids.abu}/review`, { action: 'reject' }],
      ['merge without note', 'POST', () => '/api/incidents/merge', { into: ids.abu, from: [ids.hostile] }],
      ['split without note', 'POST', () => '/api/incidents/split', { eventIds: [1], note: '' }],
    ] as const;
    for (const [name, method, url, payload] of refused) {
      it(`${name} -> 400 VIGIL_ERR_VALIDATION on note, nothing recorded`, async () => {
        const before = (await call(app, 'GET', '/api/review?limit=1000', { session: viewer })).json().items.length;
        const res = await call(app, method, url(), { session: analyst, payload });
        expect(res.statusCode).toBe(400);
        expect(res.json().code).toBe('VIGIL_ERR_VALIDATION');
        expect(res.json().details).toContainEqual({ path: 'note', message: expect.stringMatching(/reason is required/) });
        expect((await call(app, 'GET', '/api/review?limit=1000', { session: viewer })).json().items.length).toBe(before);
      });
    }

    it('accept needs no reason', async () => {
      const res = await call(app, 'POST', `/api/incidents/${ids.saraqib}/review`, { session: analyst, payload: { action: 'accept' } });
      expect(res.statusCode).toBe(200);
    });
  });

  describe('incident audit trail', () => {
    it('records corrections, merges and splits, attributed, with reasons, newest first', async () => {
      const edit = await call(app, 'PATCH', `/api/incidents/${ids.abu}`, { session: admin, payload: { field: 'precision', value: 'near', note: 'outside the base perimeter' } });
      expect(edit.statusCode).toBe(200);
      const merge = await call(app, 'POST', '/api/incidents/merge', { session: analyst, payload: { into: ids.abu, from: [ids.hostile], note: 'same day, same convoy' } });
      expect(merge.statusCode).toBe(200);

      const afterMerge = await audit(ids.abu);
      expect(afterMerge[0]).toMatchObject({ action: 'merge', user: 'analyst', targetKind: 'incident', targetId: ids.abu, field: 'events', note: 'same day, same convoy' });
      // The merged-away incident's own row shows in the survivor's trail too: it names where the reports came from.
      expect(afterMerge[1]).toMatchObject({ action: 'merge', targetKind: 'incident', targetId: ids.hostile, field: 'mergedInto', after: { status: 'merged', mergedInto: ids.abu } });
      expect(afterMerge[2]).toMatchObject({ action: 'edit', user: 'admin', field: 'precision', after: 'near', note: 'outside the base perimeter' });
      // The merged-away incident keeps its own row pointing at the survivor.
      expect((await audit(ids.hostile))[0]).toMatchObject({ action: 'merge', field: 'mergedInto', after: { status: 'merged', mergedInto: ids.abu } });

      const events = (await call(app, 'GET', `/api/events?incident=${ids.abu}`, { session: viewer })).json().items as { id: number; place: string }[];
      const kafr = events.filter((e) => e.place === 'Kafr Nabl').map((e) => e.id);
      const split = await call(app, 'POST', '/api/incidents/split', { session: analyst, payload: { eventIds: kafr, note: 'a protest, not the shelling' } });
      expect(split.statusCode).toBe(200);
      const newId = split.json().incidentId as number;

      // The source incident shows the split even though the event now belongs elsewhere ...
      const src = await audit(ids.abu);
      expect(src[0]).toMatchObject({ action: 'split', user: 'analyst', targetKind: 'event', targetId: kafr[0], before: ids.abu, after: newId, note: 'a protest, not the shelling' });
      expect(src.map((r) => r.action)).toEqual(['split', 'merge', 'merge', 'edit']);
      expect(src.map((r) => r.id)).toEqual([...src.map((r) => r.id as number)].sort((a, b) => b - a));
      // ... and so does the new incident.
      expect((await audit(newId))[0]).toMatchObject({ action: 'split', targetId: kafr[0], after: newId });
    });

    it('limit is bounded, unknown incident is 404', async () => {
      expect((await call(app, 'GET', `/api/incidents/${ids.abu}/audit?limit=1`, { session: viewer })).json().items).toHaveLength(1);
      expect((await call(app, 'GET', `/api/incidents/${ids.abu}/audit?limit=1001`, { session: viewer })).statusCode).toBe(400);
      const missing = await call(app, 'GET', '/api/incidents/999999/audit', { session: viewer });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().code).toBe('VIGIL_ERR_NOT_FOUND');
    });
  });

  describe('nearby incidents (merge candidates)', () => {
    it('lists open incidents within km and days, nearest first, never itself', async () => {
      // Saraqib (2024-03-12) and Abu al-Duhur Air Base (2024-02-20) are ~31 km and 21 days apart.
      const res = await call(app, 'GET', `/api/incidents/${ids.saraqib}/nearby?km=50&days=30`, { session: viewer });
      expect(res.statusCode).toBe(200);
      const items = res.json().items as { id: number; distanceKm: number; daysApart: number }[];
      expect(items.map((i) => i.id)).toContain(ids.abu);
      expect(items.map((i) => i.id)).not.toContain(ids.saraqib);
      const abu = items.find((i) => i.id === ids.abu)!;
      expect(abu.distanceKm).toBeGreaterThan(25);
      expect(abu.distanceKm).toBeLessThan(35);
      expect(abu.daysApart).toBe(21);
      for (let i = 1; i < items.length; i++) expect(items[i].distanceKm).toBeGreaterThanOrEqual(items[i - 1].distanceKm);
    });

    it('leaves out what is too far in space or time, and merged incidents', async () => {
      const near = (q: string) => call(app, 'GET', `/api/incidents/${ids.saraqib}/nearby?${q}`, { session: viewer }).then((r) => (r.json().items as { id: number }[]).map((i) => i.id));
      expect(await near('km=10&days=30')).not.toContain(ids.abu);
      expect(await near('km=50&days=7')).not.toContain(ids.abu);
      expect(await near('km=200&days=365')).not.toContain(ids.hostile); // merged above
    });

    it('validates its parameters', async () => {
      for (const q of ['km=0', 'km=501', 'days=-1', 'days=400', 'limit=101', 'radius=5']) {
        const res = await call(app, 'GET', `/api/incidents/${ids.saraqib}/nearby?${q}`, { session: viewer });
        expect(res.statusCode, q).toBe(400);
        expect(res.json().code).toBe('VIGIL_ERR_VALIDATION');
      }
      expect((await call(app, 'GET', '/api/incidents/999999/nearby', { session: viewer })).statusCode).toBe(404);
    });

    it('is described in the OpenAPI document', async () => {
      const doc = (await call(app, 'GET', '/openapi.json')).json();
      const op = doc.paths['/api/incidents/{id}/nearby'].get;
      expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['days', 'id', 'km', 'limit']);
      expect(op.responses['200'].content['application/json'].schema.properties.items.items.properties.distanceKm).toBeDefined();
      expect(doc.paths['/api/incidents/{id}/audit'].get['x-vigil-role']).toBe('viewer');
      const patch = doc.paths['/api/incidents/{id}'].patch.requestBody.content['application/json'].schema;
      expect(patch.required).toContain('note');
    });
  });
});

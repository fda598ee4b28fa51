/** The alert routes of the server: Atom feed per alert, the live stream (server-sent events), watched sources for admins. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config/schema.js';
import { buildApp } from '../../src/server/app.js';
import { newApiToken, sha256 } from '../../src/server/auth.js';
import { AlertRepo } from '../../src/alerts/repo.js';
import type { SqlStore } from '../../src/store/sql-store.js';
import { addUsers, makeStore, type Fixture } from '../api/fixtures.js';
import { until } from './servers.js';

describe('alert routes', () => {
  let fx: Fixture;
  let app: FastifyInstance;
  let base: string;
  const tokens: Record<string, string> = {};
  let repo: AlertRepo;
  beforeAll(async () => {
    fx = await makeStore();
    await addUsers(fx.store);
    for (const role of ['viewer', 'admin'] as const) {
      const u = await fx.store.getUserByName(role);
      tokens[role] = newApiToken();
      await fx.store.createApiToken({ userId: u!.id, name: 't', tokenHash: sha256(tokens[role]) });
    }
    app = await buildApp({ store: fx.store, config: loadConfig({}), webRoot: null, responseCache: null });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    repo = new AlertRepo((fx.store as SqlStore).dialect);
  });
  afterAll(async () => {
    await app.close();
    await fx.cleanup();
  });

  const record = async (alertName: string, incidentId: number, doc: number, note: string | null) => {
    const a = (await repo.get(alertName))!;
    return repo.db.transaction((tx) => repo.insertDelivery(tx, {
      alert: a, incidentId, changeKey: `doc:${doc}`, changeKind: 'new-incident',
      payload: {
        alert: a.name, change: 'new-incident', documentId: doc, possibleDuplicateOf: null, note, at: new Date().toISOString(),
        incident: { id: incidentId, eventType: 'Explosions/Remote violence', subEventType: 'Air/drone strike', dateStart: '2024-03-04', dateEnd: '2024-03-04', place: 'Saraqib <b>', admin1: 'Idlib', country: 'Syria', lat: 35.86, lon: 36.8, fatalities: { low: 3, best: 3, high: 3 }, grade: 'weak', previousGrade: null, eventCount: 1, sourceCount: 1, weapons: [] },
      },
    }));
  };

  it('streams each new delivery once as a server-sent event, and serves the Atom feed escaped', async () => {
    await repo.add({ name: 'strikes', filters: { type: 'Air/drone strike' }, conditions: {}, webhookUrl: 'https://hooks.example.org/a' });
    await record('strikes', 1, 1, null);
    const events: { id: string; data: { deliveryId: number; incident: { id: number } } }[] = [];
    const req = http.get(`${base}/api/alerts/stream`, { headers: { authorization: `Bearer ${tokens.viewer}` } });
    const res = await new Promise<http.IncomingMessage>((r) => req.on('response', r));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/event-stream');
    let buf = '';
    res.on('data', (d: Buffer) => {
      buf += d.toString();
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const id = /^id: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (id && data) events.push({ id, data: JSON.parse(data) });
      }
    });
    await new Promise((r) => setTimeout(r, 300));
    // Only deliveries after the stream opened.
    await record('strikes', 2, 2, 'possible duplicate of incident 1 (3.0 km, 0 day(s) apart, same type)');
    await record('strikes', 3, 3, null);
    await until(() => events.length >= 2, 10_000, 'two stream events');
    await new Promise((r) => setTimeout(r, 1200));
    req.destroy();
    expect(events.map((e) => e.data.incident.id)).toEqual([2, 3]);
    expect(new Set(events.map((e) => e.id)).size).toBe(2);

    const atom = await fetch(`${base}/api/alerts/strikes/atom`, { headers: { authorization: `Bearer ${tokens.viewer}` } });
    expect(atom.status).toBe(200);
    expect(atom.headers.get('content-type')).toContain('application/atom+xml');
    const xml = await atom.text();
    expect(xml.match(/<entry>/g)?.length).toBe(3);
    expect(xml).toContain('Saraqib &lt;b&gt;');
    expect(xml).not.toContain('Saraqib <b>');
    expect(xml).toContain('possible duplicate of incident 1');
  });

  it('lets admins, and only admins, manage watched sources', async () => {
    const post = (who: string) => fetch(`${base}/api/watch/sources`, {
      method: 'POST', headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://news.example.org/feed.xml', everySeconds: 600 }),
    });
    expect((await post('viewer')).status).toBe(403);
    const r = await post('admin');
    expect(r.status).toBe(200);
    const src = await r.json() as { id: number; everySeconds: number; kind: string };
    expect(src).toMatchObject({ everySeconds: 600, kind: 'url' });
    const list = await (await fetch(`${base}/api/watch/sources`, { headers: { authorization: `Bearer ${tokens.admin}` } })).json() as { items: { id: number }[] };
    expect(list.items.map((s) => s.id)).toEqual([src.id]);
    const del = await fetch(`${base}/api/watch/sources/${src.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${tokens.admin}` } });
    expect(del.status).toBe(204);
  });
});

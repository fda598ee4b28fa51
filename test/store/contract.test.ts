/**
 * The store contract: the same tests on SQLite and on PostgreSQL + PostGIS. The PostgreSQL half runs
 * when test/pg-global-setup.ts provides a server (always in CI, where a missing server fails the run).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { PLACES, KINDS, WEAPONS, makeInput, makeRecord, syntheticInput } from './generate.js';
import { postgresBackend, sqliteBackend, type Backend, type OpenedStore } from './backends.js';
import { openStore } from '../../src/store/index.js';
import { pgAvailable, pgRequired, pgServerUrl, stopPgServer } from './pg-server.js';

const backends: Backend[] = [sqliteBackend(), ...(pgAvailable() ? [postgresBackend(pgServerUrl)] : [])];
afterAll(() => stopPgServer());

const SARAQIB_LIKE = PLACES[0];
const FAR = PLACES[399];

/** Two reports of one strike (different publishers), one unrelated report far away, one background event. */
function corpus() {
  const t1 = 'Warplanes struck the market of Town A0 on Monday, killing 3 people, a monitor said.';
  const t2 = 'Five people died when jets hit Town A0 market, officials said; cluster munitions were used.';
  const t3 = 'Shelling hit the outskirts of the far town Town J15 overnight.';
  const a = makeInput({
    text: t1, published: '2024-03-11', source: { name: 'Monitor Group', kind: 'observer' },
    records: (d) => [makeRecord({ docId: d, text: t1, date: '2024-03-11', place: SARAQIB_LIKE, fatalities: 3 }),
      makeRecord({ docId: d, n: 1, text: t1, date: '2015-11-24', place: SARAQIB_LIKE, historical: true })],
  });
  const b = makeInput({
    text: t2, published: '2024-03-11', source: { name: 'Ministry Office', kind: 'official' },
    records: (d) => [makeRecord({ docId: d, text: t2, date: '2024-03-11', place: SARAQIB_LIKE, fatalities: 5, weapons: [WEAPONS[0]] })],
  });
  const c = makeInput({
    text: t3, published: '2024-03-12', source: { name: 'Wire Agency', kind: 'independent-media' },
    records: (d) => [makeRecord({ docId: d, text: t3, date: '2024-03-12', place: FAR, kind: KINDS[1], actors: ['Military Forces of Syria'], weapons: [WEAPONS[1]] })],
  });
  return { a, b, c };
}

for (const backend of backends) {
  describe(`store contract: ${backend.name}`, () => {
    let h: OpenedStore;
    const { a, b, c } = corpus();
    beforeAll(async () => {
      h = await backend.open();
    });
    afterAll(async () => {
      await h?.cleanup();
    });

    it('reports its capabilities and schema version; migrating again is a no-op', async () => {
      const s = h.store;
      expect(s.capabilities.dialect).toBe(backend.name);
      expect(s.capabilities.fullTextSearch).toBe(backend.name === 'sqlite' ? 'fts5' : 'tsvector');
      expect(s.capabilities.spatial).toBe(backend.name === 'sqlite' ? 'rtree' : 'postgis');
      const v = await s.migrate();
      expect(v).toBeGreaterThanOrEqual(1);
      expect(await s.migrate()).toBe(v);
      const rows = await s.dialect.all<{ version: number }>('SELECT version FROM schema_migrations');
      expect(rows.length).toBe(s.dialect.migrations.length);
    });

    it('ingests a document with its original, events, incident and custody entry; the same bytes again are a duplicate', async () => {
      const s = h.store;
      const r1 = await s.ingestDocument(a);
      expect(r1.status).toBe('new');
      expect(r1.eventIds).toHaveLength(2);
      expect(r1.incidentIds).toHaveLength(1); // the historical event joins no incident
      const r2 = await s.ingestDocument({ ...a, origin: 'elsewhere' });
      expect(r2).toMatchObject({ status: 'duplicate', documentId: r1.documentId, eventIds: [] });
      const st = await s.stats();
      expect(st).toMatchObject({ documents: 1, originals: 1, events: 2, incidents: 1 });
      const orig = await s.getOriginal(r1.documentId);
      expect(orig!.bytes.equals(a.raw)).toBe(true);
      expect(createHash('sha256').update(orig!.bytes).digest('hex')).toBe(a.sha256);
      expect(orig!.tool).toBe('vigil');
      expect(orig!.toolVersion).toMatch(/^\d+\.\d+\.\d+/);
      expect(orig!.capturedAt).toBe(a.capturedAt);
      const custody = await s.listCustody({ documentId: r1.documentId });
      expect(custody.map((x) => x.action)).toEqual(['ingested']);
      expect(custody[0].sha256).toBe(a.sha256);
      expect(await s.knownHashes([a.sha256, b.sha256])).toEqual(new Set([a.sha256]));
      const doc = await s.getDocument(r1.documentId, { withText: true });
      expect(doc).toMatchObject({ sha256: a.sha256, sourceName: 'Monitor Group', sourceKind: 'observer', eventCount: 2 });
      expect(doc!.text).toContain('Warplanes struck');
    });

    it('clusters a second report of the same strike into the same incident and a far one apart, with reasons and a grade', async () => {
      const s = h.store;
      const rb = await s.ingestDocument(b);
      const rc = await s.ingestDocument(c);
      const first = (await s.queryEvents({ documentId: 1 })).items[0];
      expect(rb.incidentIds).toEqual([first.incidentId]);
      expect(rc.incidentIds[0]).not.toBe(first.incidentId);
      const inc = await s.getIncident(first.incidentId!);
      expect(inc).not.toBeNull();
      expect(inc!.events.map((e) => e.documentId).sort()).toEqual([1, rb.documentId].sort());
      expect(inc!.documentCount).toBe(2);
      expect(inc!.sourceCount).toBe(2);
      // UCDP convention across reports: low 3, high 5.
      expect(inc!.fatalities).toMatchObject({ low: 3, high: 5 });
      expect(inc!.grade).not.toBeNull();
      expect(inc!.reasons.length).toBeGreaterThan(0);
      expect(inc!.locationName).toBe(SARAQIB_LIKE.name);
      expect(inc!.lat).toBeCloseTo(SARAQIB_LIKE.lat, 3);
      expect(inc!.weapons).toContain('cluster munition');
      expect(inc!.documents).toHaveLength(2);
      const joined = await s.getEvent(rb.eventIds[0]);
      expect(joined!.clusterReasons.length).toBeGreaterThan(0);
      expect(joined!.grade).toBe(inc!.grade);
    });

    it('filters events by time, bbox, place, type, actor, weapon, grade and text, and pages with a cursor', async () => {
      const s = h.store;
      const all = await s.queryEvents();
      expect(all.items).toHaveLength(3); // the historical one is left out by default
      expect((await s.queryEvents({ includeHistorical: true })).items).toHaveLength(4);
      expect((await s.queryEvents({ since: '2024-03-12' })).items.map((e) => e.locationName)).toEqual([FAR.name]);
      expect((await s.queryEvents({ until: '2024-03-11' })).items).toHaveLength(2);
      const box: [number, number, number, number] = [SARAQIB_LIKE.lon - 0.1, SARAQIB_LIKE.lat - 0.1, SARAQIB_LIKE.lon + 0.1, SARAQIB_LIKE.lat + 0.1];
      expect((await s.queryEvents({ bbox: box })).items).toHaveLength(2);
      expect((await s.queryEvents({ place: 'town a0' })).items).toHaveLength(2);
      expect((await s.queryEvents({ place: FAR.admin1 })).items).toHaveLength(1);
      expect((await s.queryEvents({ type: 'Shelling/artillery/missile attack' })).items).toHaveLength(1);
      expect((await s.queryEvents({ type: 'explosions/remote violence' })).items).toHaveLength(3);
      expect((await s.queryEvents({ type: 'air strike' })).items).toHaveLength(2);
      expect((await s.queryEvents({ actor: 'military forces of syria' })).items).toHaveLength(1);
      expect((await s.queryEvents({ actor: 'Military Forces' })).items).toHaveLength(3);
      expect((await s.queryEvents({ weapon: 'cluster munitions' })).items).toHaveLength(1);
      expect((await s.queryEvents({ weapon: 'concern' })).items).toHaveLength(1);
      expect((await s.queryEvents({ text: 'market' })).items).toHaveLength(2);
      expect((await s.queryEvents({ text: 'officials market' })).items).toHaveLength(1);
      const g = all.items[0].grade ?? all.items[1].grade;
      expect((await s.queryEvents({ grade: g! })).items.length).toBeGreaterThan(0);
      const p1 = await s.queryEvents({ limit: 2 });
      expect(p1.items).toHaveLength(2);
      expect(p1.nextCursor).not.toBeNull();
      const p2 = await s.queryEvents({ limit: 2, cursor: p1.nextCursor! });
      expect(p2.items).toHaveLength(1);
      expect(p2.nextCursor).toBeNull();
      expect(new Set([...p1.items, ...p2.items].map((e) => e.id)).size).toBe(3);
      expect(await s.countEvents({ place: 'town a0' })).toBe(2);
      const hist = await s.eventHistogram({}, 'day');
      expect(hist).toEqual([{ start: '2024-03-11', count: 2, fatalities: 8 }, { start: '2024-03-12', count: 1, fatalities: 0 }]);
      const weeks = await s.eventHistogram({}, 'week');
      expect(weeks).toEqual([{ start: '2024-03-11', count: 3, fatalities: 8 }]);
      const collected = [];
      for await (const e of s.iterateEvents({})) collected.push(e.id);
      expect(collected).toHaveLength(3);
    });

    it('lists event summaries with the same filters, order, fields and cursor as full events', async () => {
      const s = h.store;
      const pick = (e: Record<string, unknown>) => ({
        id: e.id, documentId: e.documentId, incidentId: e.incidentId, eventType: e.eventType, subEventType: e.subEventType, kind: e.kind,
        dateStart: e.dateStart, dateEnd: e.dateEnd, lat: e.lat, lon: e.lon, locationName: e.locationName, admin1: e.admin1, country: e.country,
        actors: e.actors, weapons: e.weapons, fatalities: e.fatalities, concern: e.concern, historical: e.historical, status: e.status,
        grade: e.grade, sourceName: e.sourceName,
      });
      for (const q of [{}, { includeHistorical: true }, { place: 'town a0' }, { weapon: 'cluster munitions' }, { text: 'market' }, { actor: 'Military Forces' }]) {
        const full = await s.queryEvents(q);
        const lean = await s.queryEventSummaries(q);
        expect(lean.items.map((e) => pick(e as unknown as Record<string, unknown>))).toEqual(full.items.map((e) => pick(e as unknown as Record<string, unknown>)));
        expect(lean.items.length).toBeGreaterThan(0);
        expect('record' in (lean.items[0] as object)).toBe(false);
      }
      const p1 = await s.queryEventSummaries({ limit: 2 });
      const p2 = await s.queryEventSummaries({ limit: 2, cursor: p1.nextCursor! });
      expect([...p1.items, ...p2.items].map((e) => e.id)).toEqual((await s.queryEvents()).items.map((e) => e.id));
      expect(p2.nextCursor).toBeNull();
    });

    it('treats hostile filter text as data, never as SQL or search syntax', async () => {
      const s = h.store;
      for (const q of [`'; DROP TABLE events; --`, `" OR 1=1 --`, 'market OR x*', 'NEAR(a b)', `\\%_`]) {
        await s.queryEvents({ text: q });
        await s.queryEvents({ place: q, actor: q, weapon: q, type: q });
        await s.queryIncidents({ text: q, place: q });
      }
      expect((await s.stats()).events).toBe(4);
      await expect(s.queryEvents({ since: '2024-13-99x' })).rejects.toMatchObject({ code: 'VIGIL_ERR_VALIDATION' });
      await expect(s.queryEvents({ cursor: 'garbage' })).rejects.toMatchObject({ code: 'VIGIL_ERR_VALIDATION' });
      await expect(s.queryEvents({ bbox: [10, 10, 5, 5] })).rejects.toMatchObject({ code: 'VIGIL_ERR_VALIDATION' });
    });

    it('filters incidents and excludes merged / rejected ones by default', async () => {
      const s = h.store;
      const all = await s.queryIncidents();
      expect(all.items).toHaveLength(2);
      expect((await s.queryIncidents({ weapon: 'cluster munition' })).items).toHaveLength(1);
      expect((await s.queryIncidents({ text: 'overnight' })).items.map((i) => i.locationName)).toEqual([FAR.name]);
      expect((await s.queryIncidents({ place: 'Town A0' })).items).toHaveLength(1);
      expect((await s.queryIncidents({ since: '2024-03-12' })).items).toHaveLength(1);
      expect((await s.queryIncidents({ bbox: [FAR.lon - 1, FAR.lat - 1, FAR.lon + 1, FAR.lat + 1] })).items).toHaveLength(1);
      expect((await s.queryIncidents({ actor: 'Military Forces of Syria' })).items).toHaveLength(1);
    });

    it('records every review change with who, when, before and after, and deletes nothing', async () => {
      const s = h.store;
      const evs = (await s.queryEvents()).items;
      const strike = evs.find((e) => e.locationName === SARAQIB_LIKE.name && e.fatalities?.best === 5)!;
      const incId = strike.incidentId!;
      const ctx = { userName: 'alice', note: 'checked against video' };

      const acc = await s.review({ action: 'accept', target: 'event', id: strike.id }, ctx);
      expect(acc.actions[0]).toMatchObject({ action: 'accept', userName: 'alice', before: 'pending', after: 'accepted', targetKind: 'event' });
      expect((await s.getEvent(strike.id))!.status).toBe('accepted');

      const ed = await s.review({ action: 'edit', target: 'event', id: strike.id, field: 'fatalities', value: 7 }, ctx);
      expect(ed.actions[0]).toMatchObject({ field: 'fatalities', before: { low: 5, best: 5, high: 5 }, after: { low: 7, best: 7, high: 7 } });
      expect((await s.getIncident(incId))!.fatalities!.high).toBe(7);
      await expect(s.review({ action: 'edit', target: 'event', id: strike.id, field: 'record', value: 1 }, ctx)).rejects.toMatchObject({ code: 'VIGIL_ERR_VALIDATION' });
      await expect(s.review({ action: 'edit', target: 'event', id: strike.id, field: 'lat', value: 123 }, ctx)).rejects.toMatchObject({ code: 'VIGIL_ERR_VALIDATION' });
      await expect(s.review({ action: 'accept', target: 'event', id: 999999 }, ctx)).rejects.toMatchObject({ code: 'VIGIL_ERR_NOT_FOUND' });

      const ig = await s.review({ action: 'edit', target: 'incident', id: incId, field: 'grade', value: 'contested' }, { userName: 'bob' });
      expect(ig.actions[0]).toMatchObject({ userName: 'bob', field: 'grade', after: 'contested' });
      expect((await s.getIncident(incId))!.grade).toBe('contested');

      // Split the strike report out, then merge it back.
      const sp = await s.review({ action: 'split', eventIds: [strike.id] }, ctx);
      const newInc = sp.incidentId!;
      expect(newInc).not.toBe(incId);
      expect((await s.getEvent(strike.id))!.incidentId).toBe(newInc);
      expect((await s.getIncident(incId))!.eventCount).toBe(1);
      expect(sp.actions[0]).toMatchObject({ action: 'split', before: incId, after: newInc });
      const mg = await s.review({ action: 'merge', into: incId, from: [newInc] }, ctx);
      expect(mg.actions.map((x) => x.action)).toEqual(['merge', 'merge']);
      const merged = await s.getIncident(newInc);
      expect(merged).toMatchObject({ status: 'merged', mergedInto: incId });
      expect((await s.getIncident(incId))!.eventCount).toBe(2);
      expect((await s.queryIncidents()).items.map((i) => i.id)).not.toContain(newInc);
      expect((await s.queryIncidents({ includeMerged: true, status: 'merged' })).items.map((i) => i.id)).toContain(newInc);
      await expect(s.review({ action: 'merge', into: incId, from: [newInc] }, ctx)).rejects.toMatchObject({ code: 'VIGIL_ERR_CONFLICT' });

      const rj = await s.review({ action: 'reject', target: 'event', id: strike.id }, ctx);
      expect(rj.actions[0]).toMatchObject({ before: 'accepted', after: 'rejected' });
      expect((await s.queryEvents()).items.map((e) => e.id)).not.toContain(strike.id);
      expect((await s.queryEvents({ includeRejected: true })).items.map((e) => e.id)).toContain(strike.id);

      const trail = await s.listReviewActions({ targetKind: 'event', targetId: strike.id });
      expect(trail.map((t) => t.action)).toEqual(['reject', 'split', 'edit', 'accept']);
      expect(trail.every((t) => t.at && t.userName)).toBe(true);
      expect((await s.stats()).events).toBe(4); // nothing deleted
      expect((await s.listCustody({ documentId: strike.documentId })).map((x) => x.action)).toContain('reviewed');
    });

    it('refuses to change or delete the custody log, the review trail and originals', async () => {
      const d = h.store.dialect;
      await expect(d.run(`UPDATE custody_log SET actor = 'mallory'`)).rejects.toThrow(/append-only/);
      await expect(d.run('DELETE FROM custody_log')).rejects.toThrow(/append-only/);
      await expect(d.run(`UPDATE review_actions SET user_name = 'mallory'`)).rejects.toThrow(/append-only/);
      await expect(d.run('DELETE FROM originals')).rejects.toThrow(/append-only/);
    });

    it('verify re-hashes every original and reports a tampered one', async () => {
      const s = h.store;
      const ok = await s.verifyOriginals();
      expect(ok).toMatchObject({ checked: 3, mismatches: [], missing: [] });
      // Tamper behind the store's back, as an attacker with database access could.
      if (backend.name === 'sqlite') {
        await s.dialect.run('DROP TRIGGER originals_no_update');
        await s.dialect.run(`UPDATE originals SET bytes = ? WHERE document_id = 2`, [Buffer.from('altered')]);
      } else {
        await s.dialect.run('ALTER TABLE originals DISABLE TRIGGER originals_no_update');
        await s.dialect.run(`UPDATE originals SET bytes = ? WHERE document_id = 2`, [Buffer.from('altered')]);
        await s.dialect.run('ALTER TABLE originals ENABLE TRIGGER originals_no_update');
      }
      const bad = await s.verifyOriginals({ actor: 'auditor' });
      expect(bad.checked).toBe(3);
      expect(bad.mismatches).toEqual([{ documentId: 2, expected: b.sha256, actual: createHash('sha256').update('altered').digest('hex') }]);
      const log = await s.listCustody({ documentId: 2 });
      expect(log.at(-1)).toMatchObject({ action: 'verify-failed', actor: 'auditor' });
    });

    it('verify checks the bytes against the custody log\'s first hash: rewritten bytes with both hash columns rewritten', async () => {
      const s = h.store;
      const d = s.dialect;
      const before = await s.verifyOriginals();
      const fake = Buffer.from('forged report');
      const fakeSha = createHash('sha256').update(fake).digest('hex');
      const firstSha = (await s.listCustody({ documentId: 3 })).find((e) => e.action === 'ingested')!.sha256;
      // an attacker with database access rewrites the original and both hash columns consistently
      if (backend.name === 'sqlite') await d.run('DROP TRIGGER IF EXISTS originals_no_update');
      else await d.run('ALTER TABLE originals DISABLE TRIGGER originals_no_update');
      await d.run('UPDATE originals SET bytes = ?, sha256 = ? WHERE document_id = 3', [fake, fakeSha]);
      await d.run('UPDATE documents SET sha256 = ? WHERE id = 3', [fakeSha]);
      if (backend.name !== 'sqlite') await d.run('ALTER TABLE originals ENABLE TRIGGER originals_no_update');
      const after = await s.verifyOriginals();
      expect(after.mismatches).toContainEqual({ documentId: 3, expected: firstSha, actual: fakeSha });
      // the day's Merkle root moved with it
      const day = (r: typeof after) => r.days.map((x) => x.root).join();
      expect(day(after)).not.toBe(day(before));
    });

    it('verify reports a deleted original: every document must have its original', async () => {
      const s = h.store;
      const d = s.dialect;
      const docSha = (await d.get<{ sha256: string }>('SELECT sha256 FROM documents WHERE id = 1'))!.sha256;
      expect((await s.verifyOriginals()).missing).toEqual([]);
      if (backend.name === 'sqlite') await d.run('DROP TRIGGER IF EXISTS originals_no_delete');
      else await d.run('ALTER TABLE originals DISABLE TRIGGER originals_no_delete');
      await d.run('DELETE FROM originals WHERE document_id = 1');
      if (backend.name !== 'sqlite') await d.run('ALTER TABLE originals ENABLE TRIGGER originals_no_delete');
      const r = await s.verifyOriginals();
      expect(r.missing).toEqual([{ documentId: 1, expected: docSha }]);
      expect(r.checked).toBe((await s.stats()).documents - 1);
    });

    it('lists sources with kinds and lets an analyst change a kind (recorded)', async () => {
      const s = h.store;
      const srcs = await s.listSources();
      expect(srcs.map((x) => [x.name, x.kind, x.documentCount])).toEqual([
        ['Ministry Office', 'official', 1], ['Monitor Group', 'observer', 1], ['Wire Agency', 'independent-media', 1],
      ]);
      const upd = await s.setSourceKind('Wire Agency', 'ngo', { userName: 'alice' });
      expect(upd.kind).toBe('ngo');
      await expect(s.setSourceKind('Wire Agency', 'bogus' as never, { userName: 'alice' })).rejects.toMatchObject({ code: 'VIGIL_ERR_VALIDATION' });
      await expect(s.setSourceKind('Nobody', 'ngo', { userName: 'alice' })).rejects.toMatchObject({ code: 'VIGIL_ERR_NOT_FOUND' });
      const log = await s.listCustody();
      expect(log.some((e) => e.action === 'source-edited' && e.actor === 'alice')).toBe(true);
      // A later document from the same source keeps the edited kind.
      const t = 'Wire Agency follow-up report.';
      await s.ingestDocument(makeInput({ text: t, source: { name: 'Wire Agency', kind: 'independent-media' } }));
      expect((await s.getSource('Wire Agency'))!.kind).toBe('ngo');
    });

    it('rolls back a document whose events cannot be stored: nothing half-written', async () => {
      const s = h.store;
      const before = await s.stats();
      const t = 'A report whose second record is broken.';
      const bad = makeInput({
        text: t,
        records: (d) => [makeRecord({ docId: d, text: t, date: '2024-01-01', place: PLACES[5] }), { ...makeRecord({ docId: d, n: 1, text: t, date: null, place: null }), actors: undefined as never }],
      });
      await expect(s.ingestDocument(bad)).rejects.toThrow();
      expect(await s.stats()).toEqual(before);
      const good = { ...bad, events: bad.events.slice(0, 1) };
      expect((await s.ingestDocument(good)).status).toBe('new');
      await s.recordIngestError({ locator: 'x.jsonl#line=3', code: 'VIGIL_ERR_BAD_JSONL', message: 'not JSON' });
      expect((await s.listIngestErrors())[0]).toMatchObject({ locator: 'x.jsonl#line=3', code: 'VIGIL_ERR_BAD_JSONL' });
    });

    it('keeps accounts: users with roles and hashes, sessions that expire, revocable API tokens', async () => {
      const s = h.store;
      const u = await s.createUser({ name: 'admin', role: 'admin', passwordHash: 'scrypt$abc' });
      expect(u).toMatchObject({ name: 'admin', role: 'admin', disabled: false });
      await expect(s.createUser({ name: 'admin', role: 'viewer', passwordHash: 'x' })).rejects.toMatchObject({ code: 'VIGIL_ERR_CONFLICT' });
      await expect(s.createUser({ name: 'x', role: 'god' as never, passwordHash: 'x' })).rejects.toMatchObject({ code: 'VIGIL_ERR_VALIDATION' });
      expect((await s.getUserByName('admin'))!.passwordHash).toBe('scrypt$abc');
      expect(await s.countUsers()).toBe(1);
      const future = new Date(Date.now() + 3600_000).toISOString();
      await s.createSession({ id: 'sess-hash', userId: u.id, csrfToken: 'csrf', expiresAt: future });
      expect((await s.getSession('sess-hash'))!.user.name).toBe('admin');
      expect(await s.getSession('sess-hash', new Date(Date.now() + 7200_000))).toBeNull();
      expect(await s.deleteExpiredSessions(new Date(Date.now() + 7200_000))).toBe(1);
      expect(await s.getSession('sess-hash')).toBeNull();
      const tok = await s.createApiToken({ userId: u.id, name: 'script', tokenHash: 'tok-hash' });
      expect((await s.getApiToken('tok-hash'))!.user.id).toBe(u.id);
      await s.revokeApiToken(tok.id);
      expect(await s.getApiToken('tok-hash')).toBeNull();
      const v = await s.updateUser(u.id, { role: 'viewer', disabled: true });
      expect(v).toMatchObject({ role: 'viewer', disabled: true });
      expect((await s.listUsers()).length).toBe(1);
    });

    it('reopens through openStore(url) with the data intact', async () => {
      const again = await openStore(h.url);
      try {
        expect((await again.stats()).documents).toBe(5);
      } finally {
        await again.close();
      }
    });

    it('stores many documents and finds the same answers as a scan of the inputs', async () => {
      const s = h.store;
      const inputs = Array.from({ length: 150 }, (_, i) => syntheticInput(i, 7));
      for (const inp of inputs) await s.ingestDocument(inp);
      for (const inp of inputs.slice(0, 20)) expect((await s.ingestDocument(inp)).status).toBe('duplicate');
      const expected = inputs.flatMap((x) => x.events).filter((e) => e.location!.admin1 === 'Province 3').length;
      // The far test event of 2024 is in Province 3 too: the synthetic series is dated 2022-2023.
      expect(await s.countEvents({ place: 'Province 3', until: '2023-12-31' })).toBe(expected);
      const inBox = inputs.flatMap((x) => x.events).filter((e) => e.location!.lat! >= 31 && e.location!.lat! <= 33 && e.location!.lon! >= 30 && e.location!.lon! <= 32).length;
      const near = PLACES.filter((p) => p.lat >= 31 && p.lat <= 33 && p.lon >= 30 && p.lon <= 32).length;
      expect(near).toBeGreaterThan(0);
      // Earlier tests' events sit at Town A0 (30, 30): outside this box.
      expect(await s.countEvents({ bbox: [30, 31, 32, 33], until: '2023-12-31' })).toBe(inBox);
      const inc = await s.queryIncidents({ limit: 1000 });
      const total = inc.items.reduce((n, i) => n + i.eventCount, 0);
      expect(total).toBe(await s.countEvents({}));
    });
  });
}

describe('store contract: PostgreSQL availability', () => {
  it('runs the PostgreSQL half where it is required (CI, VIGIL_REQUIRE_PG=1)', () => {
    if (pgRequired) expect(pgAvailable(), 'PostgreSQL + PostGIS missing: apt-get install -y postgresql-15 postgresql-15-postgis-3, or set VIGIL_TEST_PG_URL').toBe(true);
  });
});

for (const backend of backends) {
  describe(`store contract: ${backend.name}: undated events`, () => {
    let h: OpenedStore;
    beforeAll(async () => {
      h = await backend.open();
    });
    afterAll(async () => {
      await h?.cleanup();
    });

    it('are left out of date windows unless asked, and never placed on the timeline', async () => {
      const s = h.store;
      const dated = 'Shelling hit Town A0 on 12 March 2024.';
      const undated = 'Shelling hit Town A0, residents said.';
      await s.ingestDocument(makeInput({ text: dated, published: '2024-03-12', source: { name: 'Wire A', kind: 'independent-media' },
        records: (d) => [makeRecord({ docId: d, text: dated, date: '2024-03-12', place: SARAQIB_LIKE })] }));
      await s.ingestDocument(makeInput({ text: undated, published: '2024-03-13', source: { name: 'Wire B', kind: 'independent-media' },
        records: (d) => [makeRecord({ docId: d, text: undated, place: SARAQIB_LIKE })] }));
      expect((await s.queryEvents()).items).toHaveLength(2);
      const since = await s.queryEvents({ since: '2024-03-01' });
      expect(since.items.map((e) => e.dateStart)).toEqual(['2024-03-12']);
      expect((await s.queryEvents({ since: '2024-03-01', includeUndated: true })).items).toHaveLength(2);
      expect((await s.queryEvents({ until: '2024-12-31', text: 'shelling' })).items.map((e) => e.dateStart)).toEqual(['2024-03-12']);
      // pages through the search index skip the undated event that sorts between two dated ones
      const later = 'Shelling hit Town A0 again on 14 March 2024.';
      await s.ingestDocument(makeInput({ text: later, published: '2024-03-14', source: { name: 'Wire C', kind: 'independent-media' },
        records: (d) => [makeRecord({ docId: d, text: later, date: '2024-03-14', place: SARAQIB_LIKE })] }));
      const p1 = await s.queryEvents({ since: '2024-03-01', text: 'shelling', limit: 1 });
      const p2 = await s.queryEvents({ since: '2024-03-01', text: 'shelling', limit: 1, cursor: p1.nextCursor! });
      expect([...p1.items, ...p2.items].map((e) => e.dateStart)).toEqual(['2024-03-14', '2024-03-12']);
      const days = await s.eventHistogram({}, 'day');
      expect(days.map((b) => [b.start.slice(0, 10), b.count])).toEqual([['2024-03-12', 1], ['2024-03-14', 1]]);
    });
  });
}

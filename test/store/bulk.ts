/**
 * Fill a SQLite store with N synthetic events fast (prepared statements, large transactions), for the
 * benchmarks (scripts/bench/store.ts; the HTTP load test may reuse it). The rows go through the same
 * column mapping as real ingest (eventColumnValues) and the same triggers (FTS5, R*Tree), but skip
 * clustering: every three consecutive events share one incident.
 */
import { createHash } from 'node:crypto';
import type { SqlStore } from '../../src/store/sql-store.js';
import type { SqliteDialect } from '../../src/store/sqlite/connection.js';
import { norm } from '../../src/store/dialect.js';
import { SEARCH_REBUILD } from '../../src/store/sqlite/migrations.js';
import { EVENT_COLUMNS, countryNorm, eventBody, eventColumnValues } from '../../src/store/repositories/rows.js';
import { ACTORS, KINDS, PLACES, SOURCES, WEAPONS, isoDay, makeRecord, rng } from './generate.js';

/** Invented words (not from any corpus), so text search has rare and common terms. */
const SYLLABLES = ['ka', 'lo', 'mi', 'ra', 'tu', 'ven', 'sho', 'dar', 'qi', 'bel', 'nor', 'zat'];
export function word(i: number): string {
  let s = '';
  let n = i;
  do {
    s += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  } while (n > 0);
  return s;
}

export interface BulkOptions {
  events: number;
  eventsPerDocument?: number;
  seed?: number;
  onProgress?: (done: number) => void;
}

export function bulkFill(store: SqlStore, opts: BulkOptions): void {
  const d = store.dialect as SqliteDialect;
  if (d.name !== 'sqlite') throw new Error('bulkFill is for SQLite');
  const db = d.db;
  const per = opts.eventsPerDocument ?? 4;
  const r = rng(opts.seed ?? 11);
  const now = new Date().toISOString();
  db.pragma('synchronous = OFF');
  // Bulk path: drop the secondary indexes and the FTS / R*Tree triggers, load, then rebuild them in one
  // pass each (what the triggers and indexes would have held row by row).
  const saved = db.prepare(`SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND
    ((type = 'index' AND tbl_name IN ('events', 'event_actors', 'event_weapons', 'incidents')) OR (type = 'trigger' AND tbl_name IN ('events', 'event_actors', 'event_weapons')))`).all() as { type: string; name: string; sql: string }[];
  for (const o of saved) db.exec(`DROP ${o.type === 'index' ? 'INDEX' : 'TRIGGER'} ${o.name}`);
  const maxEvent = (db.prepare('SELECT coalesce(max(id), 0) AS m FROM events').get() as { m: number }).m;
  const src = db.prepare('INSERT INTO sources (name, kind, created_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING');
  for (const s of SOURCES) src.run(s.name, s.kind, now, now);
  const srcIds = SOURCES.map((s) => (db.prepare('SELECT id FROM sources WHERE name = ?').get(s.name) as { id: number }).id);
  const insDoc = db.prepare(`INSERT INTO documents (sha256, doc_key, source_id, published, captured_at, media_type, origin, text, event_count, created_at)
    VALUES (?, ?, ?, ?, ?, 'text/plain', 'bench', ?, ?, ?)`);
  const insOrig = db.prepare(`INSERT INTO originals (document_id, sha256, size, media_type, captured_at, tool, tool_version, bytes)
    VALUES (?, ?, ?, 'text/plain', ?, 'vigil', 'bench', ?)`);
  const insInc = db.prepare(`INSERT INTO incidents (id, family, event_type, sub_event_type, kind, date_start, date_end, sort_date, location_name, admin1, country,
    loc_norm, admin1_norm, country_norm, lat, lon, loc_precision, fat_low, fat_best, fat_high, grade, reasons, actors, weapons, event_count, document_count,
    source_count, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'exact', ?, ?, ?, ?, '[]', ?, ?, 3, 1, 1, 'pending', ?, ?)`);
  const insEv = db.prepare(`INSERT INTO events (document_id, ord, event_key, incident_id, ${EVENT_COLUMNS.join(', ')}, grade, status, created_at, updated_at)
    VALUES (?, ?, ?, ?, ${EVENT_COLUMNS.map(() => '?').join(', ')}, ?, 'pending', ?, ?)`);
  const insActor = db.prepare('INSERT INTO event_actors (event_id, name_norm, actor_id, role) VALUES (?, ?, ?, ?)');
  const insWeapon = db.prepare('INSERT INTO event_weapons (event_id, name_norm, weapon_id, category, concern) VALUES (?, ?, ?, ?, ?)');
  const grades = ['confirmed', 'fair', 'weak', 'weak', 'contested', 'discounted'];
  const BATCH = 20_000;
  let made = 0;
  const baseInc = (db.prepare('SELECT coalesce(max(id), 0) AS m FROM incidents').get() as { m: number }).m;
  while (made < opts.events) {
    const n = Math.min(BATCH, opts.events - made);
    db.transaction(() => {
      let docId = 0;
      let docText = '';
      let published = '';
      for (let i = made; i < made + n; i++) {
        if (i % per === 0 || docId === 0) {
          const words = Array.from({ length: 12 }, () => word(Math.floor(r() ** 2 * 5000))).join(' ');
          published = isoDay('2021-01-01', Math.floor(r() * 1095));
          docText = `Bulk report ${i}: ${words}.`;
          const sha = createHash('sha256').update(docText).digest('hex');
          docId = Number(insDoc.run(sha, `bench:${i}`, srcIds[i % srcIds.length], published, now, docText, per, now).lastInsertRowid);
          insOrig.run(docId, sha, Buffer.byteLength(docText), now, Buffer.from(docText));
        }
        const p = PLACES[Math.floor(r() * PLACES.length)];
        const place = { ...p, lat: p.lat + (r() - 0.5) * 0.4, lon: p.lon + (r() - 0.5) * 0.4 };
        const k = KINDS[Math.floor(r() * KINDS.length)];
        const actor = ACTORS[Math.floor(r() * ACTORS.length)];
        const weapon = WEAPONS[Math.floor(r() * WEAPONS.length)];
        const date = isoDay(published, -Math.floor(r() * 3));
        const rec = makeRecord({ docId: `bench:${i - (i % per)}`, n: i % per, text: docText, date, place, kind: k, actors: [actor], weapons: [weapon], fatalities: Math.floor(r() * 10) });
        const incId = baseInc + Math.floor(i / 3) + 1;
        const grade = grades[incId % grades.length];
        if (i % 3 === 0) {
          insInc.run(incId, 'remote', k.eventType, k.subEventType, k.kind, date, date, date, place.name, place.admin1, place.country, norm(place.name), norm(place.admin1),
            countryNorm(place.country), place.lat, place.lon, 0, 1, 2, grade, JSON.stringify([actor]), JSON.stringify([weapon.name]), now, now);
        }
        const vals = eventColumnValues(rec, eventBody(rec, docText), published);
        const evId = Number(insEv.run(docId, i % per, rec.id, incId, ...vals, grade, now, now).lastInsertRowid);
        insActor.run(evId, norm(actor), rec.actors[0].actorId, 'perpetrator');
        insWeapon.run(evId, norm(weapon.name), weapon.weaponId, weapon.category, weapon.concern ? 1 : 0);
      }
    })();
    made += n;
    opts.onProgress?.(made);
  }
  for (const o of saved.filter((x) => x.type === 'index')) db.exec(o.sql);
  db.exec(`INSERT INTO events_fts(events_fts) VALUES ('rebuild')`);
  db.prepare('INSERT INTO events_rtree (id, min_lon, max_lon, min_lat, max_lat) SELECT id, lon, lon, lat, lat FROM events WHERE id > ? AND lat IS NOT NULL AND lon IS NOT NULL').run(maxEvent);
  for (const sql of SEARCH_REBUILD) db.exec(sql);
  for (const o of saved.filter((x) => x.type === 'trigger')) db.exec(o.sql);
  db.pragma('synchronous = NORMAL');
  db.exec('ANALYZE');
}

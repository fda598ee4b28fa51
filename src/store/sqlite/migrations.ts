/**
 * SQLite schema, versioned. Never edit a released migration: append a new one.
 * Must stay equivalent to ../postgres/migrations.ts (the contract suite checks both).
 */
import type { Migration } from '../dialect.js';

/**
 * Migration 4's search index, `events_search`: one FTS5 row per event whose rowid is the event's sort key
 * (sort_date, id packed into one integer, see searchKey), so that FTS5 returns matches newest first
 * and stops after a page. Column `body` holds the event passage (tokenized like events_fts); column
 * `facets` holds one token per filterable value: a two-letter prefix and the value's UTF-8 bytes in hex
 * (one token however many words the value has; a prefix of the hex is a prefix of the value). The
 * prefixes, the grid sizes and the key layout are frozen here: ../sqlite/search.ts builds queries with
 * the same ones, and changing them needs a new migration that rebuilds the table.
 */
const searchKey = (a: string) =>
  `((CAST(substr(${a}.sort_date, 1, 4) AS INTEGER) * 416 + CAST(substr(${a}.sort_date, 6, 2) AS INTEGER) * 32 + ` +
  `CAST(substr(${a}.sort_date, 9, 2) AS INTEGER)) * 2147483648 + ${a}.id)`;
const tok = (prefix: string, col: string) => `iif(${col} IS NULL, NULL, '${prefix}' || hex(${col}))`;
/** Grid cells of 8, 2, 0.5 and 0.125 degrees (levels 0-3), so a box of any size is covered by a few cells. */
const cell = (level: number, size: number) =>
  `iif(e.lat IS NULL OR e.lon IS NULL, NULL, 'zc${level}x' || CAST((e.lon + 180) / ${size} AS INTEGER) || 'y' || CAST((e.lat + 90) / ${size} AS INTEGER))`;
const searchFacets = `concat_ws(' ', ${tok('zt', 'e.event_type')}, ${tok('zu', 'e.sub_event_type')}, ${tok('zk', 'e.kind')}, ${tok('zg', 'e.grade')},
  ${tok('zs', 'e.status')}, 'zh' || e.historical, 'zf' || e.concern, ${tok('zl', 'e.loc_norm')}, ${tok('zm', 'e.admin1_norm')}, ${tok('zn', 'e.country_norm')},
  ${cell(0, 8)}, ${cell(1, 2)}, ${cell(2, 0.5)}, ${cell(3, 0.125)},
  (SELECT group_concat(concat_ws(' ', ${tok('za', 'x.name_norm')}, ${tok('zi', 'x.actor_id')}), ' ') FROM event_actors x WHERE x.event_id = e.id),
  (SELECT group_concat(concat_ws(' ', ${tok('zw', 'x.name_norm')}, ${tok('zx', 'x.weapon_id')}, ${tok('zy', 'x.category')}), ' ') FROM event_weapons x WHERE x.event_id = e.id))`;
/** (Re)index event `idExpr`: drop its row (under the key it had) and insert it again from the tables. */
const searchInsert = (idExpr: string) =>
  `INSERT INTO events_search(rowid, body, facets) SELECT ${searchKey('e')}, e.body, ${searchFacets} FROM events e WHERE e.id = ${idExpr};`;
const searchDeleteById = (idExpr: string) => `DELETE FROM events_search WHERE rowid = (SELECT ${searchKey('e')} FROM events e WHERE e.id = ${idExpr});`;

/** The search terms of event `e` (migration 5): the facet tokens above and the passage's words, per year. */
const searchTerms = `vigil_search_terms(e.sort_date, e.body, ${searchFacets})`;
const termsInsert = (idExpr: string) =>
  `INSERT INTO events_terms(rowid, terms) SELECT ${searchKey('e')}, ${searchTerms} FROM events e WHERE e.id = ${idExpr};`;
const termsDeleteById = (idExpr: string) => `DELETE FROM events_terms WHERE rowid = (SELECT ${searchKey('e')} FROM events e WHERE e.id = ${idExpr});`;

/** Refill events_terms from the tables in one pass (bulk loaders that drop the triggers while loading). */
export const SEARCH_REBUILD: readonly string[] = [
  `INSERT INTO events_terms(events_terms) VALUES ('delete-all')`,
  `INSERT INTO events_terms(rowid, terms) SELECT ${searchKey('e')}, ${searchTerms} FROM events e`,
  `INSERT INTO events_terms(events_terms) VALUES ('optimize')`,
];

const appendOnly = (table: string): string[] => [
  `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
  `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
];

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    statements: [
      `CREATE TABLE sources (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, url TEXT,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
      `CREATE TABLE documents (
        id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, doc_key TEXT NOT NULL,
        source_id INTEGER REFERENCES sources(id), url TEXT, title TEXT, language TEXT, published TEXT,
        captured_at TEXT NOT NULL, media_type TEXT NOT NULL, origin TEXT NOT NULL, text TEXT NOT NULL,
        event_count INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL)`,
      `CREATE INDEX documents_source ON documents(source_id, id)`,
      `CREATE TABLE originals (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id), sha256 TEXT NOT NULL, size INTEGER NOT NULL,
        media_type TEXT NOT NULL, captured_at TEXT NOT NULL, source_url TEXT, tool TEXT NOT NULL,
        tool_version TEXT NOT NULL, bytes BLOB NOT NULL)`,
      ...appendOnly('originals'),
      `CREATE TABLE custody_log (
        id INTEGER PRIMARY KEY, document_id INTEGER REFERENCES documents(id), action TEXT NOT NULL,
        actor TEXT NOT NULL, at TEXT NOT NULL, sha256 TEXT, detail TEXT)`,
      `CREATE INDEX custody_document ON custody_log(document_id, id)`,
      ...appendOnly('custody_log'),
      `CREATE TABLE incidents (
        id INTEGER PRIMARY KEY, family TEXT, event_type TEXT, sub_event_type TEXT, kind TEXT,
        date_start TEXT, date_end TEXT, sort_date TEXT NOT NULL DEFAULT '',
        location_name TEXT, admin1 TEXT, country TEXT, loc_norm TEXT, admin1_norm TEXT, country_norm TEXT,
        lat REAL, lon REAL, loc_precision TEXT,
        fat_low INTEGER, fat_best INTEGER, fat_high INTEGER, grade TEXT, reasons TEXT NOT NULL DEFAULT '[]',
        actors TEXT NOT NULL DEFAULT '[]', weapons TEXT NOT NULL DEFAULT '[]',
        event_count INTEGER NOT NULL DEFAULT 0, document_count INTEGER NOT NULL DEFAULT 0,
        source_count INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL DEFAULT 'pending',
        merged_into INTEGER REFERENCES incidents(id), summary TEXT, overrides TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
      `CREATE INDEX incidents_sort ON incidents(sort_date, id)`,
      `CREATE INDEX incidents_family_date ON incidents(family, date_end)`,
      `CREATE INDEX incidents_latlon ON incidents(lat, lon)`,
      `CREATE INDEX incidents_grade ON incidents(grade)`,
      `CREATE TABLE events (
        id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id), ord INTEGER NOT NULL,
        event_key TEXT NOT NULL, incident_id INTEGER REFERENCES incidents(id),
        event_type TEXT, sub_event_type TEXT, kind TEXT NOT NULL, family TEXT,
        date_start TEXT, date_end TEXT, date_precision TEXT NOT NULL, not_after TEXT, sort_date TEXT NOT NULL,
        location_name TEXT, admin1 TEXT, country TEXT, loc_norm TEXT, admin1_norm TEXT, country_norm TEXT,
        lat REAL, lon REAL, loc_precision TEXT, geo_precision INTEGER,
        fat_low INTEGER, fat_best INTEGER, fat_high INTEGER, inj_low INTEGER, inj_best INTEGER, inj_high INTEGER,
        civ_low INTEGER, civ_best INTEGER, civ_high INTEGER, strikes_low INTEGER, strikes_high INTEGER,
        attribution TEXT NOT NULL, historical INTEGER NOT NULL DEFAULT 0, concern INTEGER NOT NULL DEFAULT 0,
        actors TEXT NOT NULL DEFAULT '[]', weapons TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL DEFAULT 'pending', grade TEXT, body TEXT NOT NULL DEFAULT '', record TEXT NOT NULL,
        cluster_reasons TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (document_id, ord))`,
      `CREATE INDEX events_sort ON events(sort_date, id)`,
      `CREATE INDEX events_incident ON events(incident_id)`,
      `CREATE INDEX events_type ON events(event_type, sort_date)`,
      `CREATE INDEX events_subtype ON events(sub_event_type, sort_date)`,
      `CREATE INDEX events_kind ON events(kind, sort_date)`,
      `CREATE INDEX events_loc ON events(loc_norm)`,
      `CREATE INDEX events_admin1 ON events(admin1_norm)`,
      `CREATE INDEX events_country ON events(country_norm)`,
      `CREATE INDEX events_grade ON events(grade, sort_date)`,
      `CREATE TABLE event_actors (
        event_id INTEGER NOT NULL REFERENCES events(id), name_norm TEXT NOT NULL, actor_id TEXT, role TEXT)`,
      `CREATE INDEX event_actors_name ON event_actors(name_norm, event_id)`,
      `CREATE INDEX event_actors_id ON event_actors(actor_id, event_id)`,
      `CREATE INDEX event_actors_event ON event_actors(event_id)`,
      `CREATE TABLE event_weapons (
        event_id INTEGER NOT NULL REFERENCES events(id), name_norm TEXT NOT NULL, weapon_id TEXT,
        category TEXT, concern INTEGER NOT NULL DEFAULT 0)`,
      `CREATE INDEX event_weapons_name ON event_weapons(name_norm, event_id)`,
      `CREATE INDEX event_weapons_id ON event_weapons(weapon_id, event_id)`,
      `CREATE INDEX event_weapons_category ON event_weapons(category, event_id)`,
      `CREATE INDEX event_weapons_event ON event_weapons(event_id)`,
      `CREATE VIRTUAL TABLE events_fts USING fts5(body, content='events', content_rowid='id', tokenize='unicode61 remove_diacritics 2')`,
      `CREATE VIRTUAL TABLE events_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat)`,
      // The FTS and R*Tree indexes follow the events table through triggers, inside the same transaction.
      `CREATE TRIGGER events_ai AFTER INSERT ON events BEGIN
        INSERT INTO events_fts(rowid, body) VALUES (new.id, new.body);
        INSERT INTO events_rtree(id, min_lon, max_lon, min_lat, max_lat)
          SELECT new.id, new.lon, new.lon, new.lat, new.lat WHERE new.lat IS NOT NULL AND new.lon IS NOT NULL;
      END`,
      `CREATE TRIGGER events_au AFTER UPDATE OF body, lat, lon ON events BEGIN
        INSERT INTO events_fts(events_fts, rowid, body) VALUES ('delete', old.id, old.body);
        INSERT INTO events_fts(rowid, body) VALUES (new.id, new.body);
        DELETE FROM events_rtree WHERE id = old.id;
        INSERT INTO events_rtree(id, min_lon, max_lon, min_lat, max_lat)
          SELECT new.id, new.lon, new.lon, new.lat, new.lat WHERE new.lat IS NOT NULL AND new.lon IS NOT NULL;
      END`,
      `CREATE TRIGGER events_ad AFTER DELETE ON events BEGIN
        INSERT INTO events_fts(events_fts, rowid, body) VALUES ('delete', old.id, old.body);
        DELETE FROM events_rtree WHERE id = old.id;
      END`,
      `CREATE TABLE review_actions (
        id INTEGER PRIMARY KEY, at TEXT NOT NULL, user_name TEXT NOT NULL, user_id INTEGER, action TEXT NOT NULL,
        target_kind TEXT NOT NULL, target_id INTEGER NOT NULL, field TEXT, before_value TEXT, after_value TEXT, note TEXT)`,
      `CREATE INDEX review_target ON review_actions(target_kind, target_id, id)`,
      ...appendOnly('review_actions'),
      `CREATE TABLE ingest_errors (
        id INTEGER PRIMARY KEY, at TEXT NOT NULL, locator TEXT NOT NULL, sha256 TEXT, code TEXT NOT NULL, message TEXT NOT NULL)`,
      `CREATE TABLE users (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL, password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL)`,
      `CREATE TABLE sessions (
        id TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), csrf_token TEXT NOT NULL,
        created_at TEXT NOT NULL, expires_at TEXT NOT NULL)`,
      `CREATE INDEX sessions_expires ON sessions(expires_at)`,
      `CREATE TABLE api_tokens (
        id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, last_used_at TEXT, revoked_at TEXT)`,
    ],
  },
  {
    version: 2,
    name: 'covering indexes for filtered event pages',
    statements: [
      // Newest-first scans check box, status, history, grade and concern from the index alone, and
      // queries started from a list of ids (R*Tree, FTS, actor ...) read this narrow index instead of
      // the wide rows (record JSON, passage text).
      `DROP INDEX events_sort`,
      `CREATE INDEX events_sort ON events(sort_date, id, lat, lon, status, historical, grade, concern)`,
      `CREATE INDEX events_narrow ON events(id, sort_date, lat, lon, status, historical, grade, concern)`,
    ],
  },
  {
    version: 3,
    name: 'covering indexes for actor and weapon checks',
    statements: [
      // An actor or weapon filter checked row by row (EXISTS per event in a newest-first scan) is
      // answered from the index alone, without reading the actor / weapon row.
      `DROP INDEX event_actors_event`,
      `CREATE INDEX event_actors_event ON event_actors(event_id, name_norm, actor_id)`,
      `DROP INDEX event_weapons_event`,
      `CREATE INDEX event_weapons_event ON event_weapons(event_id, name_norm, weapon_id, category)`,
    ],
  },
  {
    version: 4,
    name: 'newest-first search index for filtered event pages',
    statements: [
      // A filtered page (type, actor, weapon, grade, place, box, words, in any combination) becomes one
      // FTS5 query over doclists kept in sort-key order: no row checks, no sort, stops after a page.
      `CREATE VIRTUAL TABLE events_search USING fts5(body, facets, content='', contentless_delete=1, detail=column,
        tokenize='unicode61 remove_diacritics 2')`,
      `INSERT INTO events_search(rowid, body, facets) SELECT ${searchKey('e')}, e.body, ${searchFacets} FROM events e`,
      `INSERT INTO events_search(events_search) VALUES ('optimize')`,
      `CREATE TRIGGER events_search_ai AFTER INSERT ON events BEGIN ${searchInsert('new.id')} END`,
      `CREATE TRIGGER events_search_au AFTER UPDATE OF body, sort_date, event_type, sub_event_type, kind, grade, status, historical, concern,
        loc_norm, admin1_norm, country_norm, lat, lon ON events BEGIN
        DELETE FROM events_search WHERE rowid = ${searchKey('old')};
        ${searchInsert('new.id')}
      END`,
      `CREATE TRIGGER events_search_ad AFTER DELETE ON events BEGIN DELETE FROM events_search WHERE rowid = ${searchKey('old')}; END`,
      ...(['event_actors', 'event_weapons'] as const).flatMap((t) => [
        `CREATE TRIGGER ${t}_search_ai AFTER INSERT ON ${t} BEGIN ${searchDeleteById('new.event_id')} ${searchInsert('new.event_id')} END`,
        `CREATE TRIGGER ${t}_search_ad AFTER DELETE ON ${t} BEGIN ${searchDeleteById('old.event_id')} ${searchInsert('old.event_id')} END`,
        `CREATE TRIGGER ${t}_search_au AFTER UPDATE ON ${t} BEGIN
          ${searchDeleteById('old.event_id')} ${searchInsert('old.event_id')}
          ${searchDeleteById('new.event_id')} ${searchInsert('new.event_id')}
        END`,
      ]),
    ],
  },
  {
    version: 5,
    name: 'search index partitioned by year',
    statements: [
      // FTS5 moves to a rowid bound by decoding every posting before it (7 ms for a filter held by a sixth
      // of 1M events, 20-60 ms for two common ones), so a deep page or an old date window cost that much.
      // Every token now carries the event's year (y2016zt..., y2016zb<word>): a query reads the doclists
      // of the years it needs, newest first. Words are the passage folded like vigil_words (case and marks
      // removed) and split into letters and digits, hex-encoded like the facets: all tokens are plain
      // ASCII, so the ascii tokenizer and detail=none (no positions) suffice.
      // vigil_search_terms is registered by SqliteDialect on every connection: write to a store only
      // through it (or register the function, see sqlite/search.ts).
      ...['events_search_ai', 'events_search_au', 'events_search_ad',
        ...['event_actors', 'event_weapons'].flatMap((t) => [`${t}_search_ai`, `${t}_search_ad`, `${t}_search_au`])].map((t) => `DROP TRIGGER ${t}`),
      `DROP TABLE events_search`,
      `CREATE VIRTUAL TABLE events_terms USING fts5(terms, content='', contentless_delete=1, detail=none, tokenize='ascii')`,
      ...SEARCH_REBUILD.slice(1),
      `CREATE TRIGGER events_terms_ai AFTER INSERT ON events BEGIN ${termsInsert('new.id')} END`,
      `CREATE TRIGGER events_terms_au AFTER UPDATE OF body, sort_date, event_type, sub_event_type, kind, grade, status, historical, concern,
        loc_norm, admin1_norm, country_norm, lat, lon ON events BEGIN
        DELETE FROM events_terms WHERE rowid = ${searchKey('old')};
        ${termsInsert('new.id')}
      END`,
      `CREATE TRIGGER events_terms_ad AFTER DELETE ON events BEGIN DELETE FROM events_terms WHERE rowid = ${searchKey('old')}; END`,
      ...(['event_actors', 'event_weapons'] as const).flatMap((t) => [
        `CREATE TRIGGER ${t}_terms_ai AFTER INSERT ON ${t} BEGIN ${termsDeleteById('new.event_id')} ${termsInsert('new.event_id')} END`,
        `CREATE TRIGGER ${t}_terms_ad AFTER DELETE ON ${t} BEGIN ${termsDeleteById('old.event_id')} ${termsInsert('old.event_id')} END`,
        `CREATE TRIGGER ${t}_terms_au AFTER UPDATE ON ${t} BEGIN
          ${termsDeleteById('old.event_id')} ${termsInsert('old.event_id')}
          ${termsDeleteById('new.event_id')} ${termsInsert('new.event_id')}
        END`,
      ]),
    ],
  },
  {
    version: 6,
    name: 'watched sources, staged items, alerts, deliveries, jobs',
    statements: [
      // Sources polled by `vigil watch` with their conditional-GET validators, schedule and health.
      `CREATE TABLE watch_sources (
        id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, every_s INTEGER NOT NULL, enabled INTEGER NOT NULL DEFAULT 1,
        etag TEXT, last_modified TEXT, listing_digest TEXT, next_poll_at TEXT NOT NULL, last_poll_at TEXT,
        last_success_at TEXT, last_error_at TEXT, last_error TEXT, last_error_code TEXT, failures INTEGER NOT NULL DEFAULT 0,
        polls INTEGER NOT NULL DEFAULT 0, not_modified INTEGER NOT NULL DEFAULT 0, items_seen INTEGER NOT NULL DEFAULT 0,
        items_new INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
      `CREATE INDEX watch_sources_due ON watch_sources(enabled, next_poll_at)`,
      // Items found by a poll, stored (original bytes + what the reader made of them) before extraction:
      // the ingest job reads them back by SHA-256, so a crash between poll and extraction loses nothing.
      `CREATE TABLE watch_items (
        sha256 TEXT PRIMARY KEY, source_id BIGINT, locator TEXT NOT NULL, raw BLOB NOT NULL, item TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'staged', document_id BIGINT, error_code TEXT, found_at TEXT NOT NULL, polled_at_ms BIGINT NOT NULL,
        ingested_at TEXT)`,
      `CREATE INDEX watch_items_state ON watch_items(state, found_at)`,
      // Saved searches: the filters of `vigil events` (EventQuery JSON) plus alert conditions (JSON).
      `CREATE TABLE alerts (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, filters TEXT NOT NULL, conditions TEXT NOT NULL,
        webhook_url TEXT, webhook_secret TEXT, email TEXT, enabled INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL)`,
      // One row per (alert, incident, change): the unique key is what makes a change alert once.
      `CREATE TABLE alert_deliveries (
        id INTEGER PRIMARY KEY, alert_id BIGINT NOT NULL REFERENCES alerts(id) ON DELETE CASCADE, incident_id BIGINT NOT NULL,
        change_key TEXT NOT NULL, change_kind TEXT NOT NULL, payload TEXT NOT NULL, created_at TEXT NOT NULL,
        webhook_state TEXT NOT NULL, email_state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, lease_until_ms BIGINT,
        last_error TEXT, delivered_at TEXT, UNIQUE (alert_id, incident_id, change_key))`,
      `CREATE INDEX alert_deliveries_alert ON alert_deliveries(alert_id, id)`,
      // What each alert last saw of each incident (its grade), for "grade changed".
      `CREATE TABLE alert_seen (
        alert_id BIGINT NOT NULL REFERENCES alerts(id) ON DELETE CASCADE, incident_id BIGINT NOT NULL, grade TEXT,
        updated_at TEXT NOT NULL, PRIMARY KEY (alert_id, incident_id))`,
      // The SQLite job queue (src/queue/sqlite.ts); PostgreSQL uses pg-boss in its own schema instead.
      `CREATE TABLE jobs (
        id INTEGER PRIMARY KEY, queue TEXT NOT NULL, data TEXT NOT NULL, job_key TEXT, state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0, retry_limit INTEGER NOT NULL, retry_delay_ms INTEGER NOT NULL,
        run_after_ms INTEGER NOT NULL, lease_until_ms INTEGER, owner TEXT, last_error TEXT, created_at TEXT NOT NULL, done_at TEXT)`,
      `CREATE INDEX jobs_ready ON jobs(queue, state, run_after_ms, id)`,
      // At most one queued (not yet running) job per key: sending the same step twice queues it once.
      `CREATE UNIQUE INDEX jobs_key ON jobs(queue, job_key) WHERE job_key IS NOT NULL AND state IN ('created', 'retry')`,
    ],
  },
  {
    version: 7,
    name: 'delivery lease owner',
    statements: [
      // Who holds a delivery's lease (host:pid:nonce): a restart on the same host takes over the leases
      // of a killed process at once instead of waiting for them to run out.
      `ALTER TABLE alert_deliveries ADD COLUMN lease_owner TEXT`,
    ],
  },
  {
    version: 8,
    name: 'watch cursors',
    statements: [
      // Named positions of the watch scheduler (the last review action turned into alert jobs).
      `CREATE TABLE watch_cursors (name TEXT PRIMARY KEY, value BIGINT NOT NULL)`,
    ],
  },
];

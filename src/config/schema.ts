/**
 * Every configurable default in one schema, with units in the names.
 * Environment variables (VIGIL_*) override the defaults; see `loadConfig`.
 */
import { z } from 'zod';

export const configSchema = z.object({
  limits: z.object({
    /** Largest document the pipeline accepts, in bytes (UTF-8). */
    maxDocumentBytes: z.number().int().positive().default(5 * 1024 * 1024),
    /** Largest JSONL / CSV / feed file read in one go, in bytes. */
    maxFileBytes: z.number().int().positive().default(512 * 1024 * 1024),
    /** Largest HTTP response body fetched during ingest, in bytes. */
    maxFetchBytes: z.number().int().positive().default(10 * 1024 * 1024),
    /** HTTP fetch timeout, in milliseconds. */
    fetchTimeoutMs: z.number().int().positive().default(15_000),
    /** Most redirects followed per fetch. */
    maxRedirects: z.number().int().nonnegative().default(5),
    /** Longest JSONL line accepted, in bytes. */
    maxLineBytes: z.number().int().positive().default(8 * 1024 * 1024),
    /** Deepest element nesting of a web page handed to Readability at ingest, in elements (Readability's time grows
     *  much faster than the depth: 400 nested <div>s took 10 s); deeper pages are read by the pipeline's own HTML reader. */
    readabilityMaxDepth: z.number().int().positive().default(100),
    /** Largest web page handed to Readability at ingest, in bytes (UTF-16 code units); larger ones as above. */
    readabilityMaxBytes: z.number().int().positive().default(2 * 1024 * 1024),
  }).prefault({}),
  database: z.object({
    /** File path (SQLite) or postgres:// URL. */
    url: z.string().default('vigil.db'),
  }).prefault({}),
  server: z.object({
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8080),
    /** Session lifetime, in seconds. */
    sessionTtlSeconds: z.number().int().positive().default(8 * 3600),
    /** Login attempts allowed per client per minute. */
    loginAttemptsPerMinute: z.number().int().positive().default(10),
    /** Exports (GET /api/exports/...) one user may run at once; more answer 429 VIGIL_ERR_RATE_LIMITED until one ends. */
    maxConcurrentExportsPerUser: z.number().int().positive().default(2),
    /**
     * Optional online raster tiles under the web app's offline base map: an https URL template with {z}, {x}, {y}
     * (e.g. your own tile server). null = offline only. Its origin is added to the CSP's img-src and connect-src.
     */
    tileUrl: z
      .string()
      .max(500)
      .regex(/^https:\/\/[^\s/?#]+\/\S*\{z\}\S*\{x\}\S*\{y\}/, 'an https URL template with {z}, {x} and {y}')
      .nullable()
      .default(null),
    /** Exports streaming at once on the server, in exports; more wait for a slot (each holds the event loop for a slice of rows per turn). */
    maxConcurrentExports: z.number().int().positive().default(2),
  }).prefault({}),
  log: z.object({
    level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  }).prefault({}),
  extraction: z.object({
    /** Worker threads used by batch extraction (`vigil extract|eval --jobs`); 1 = in the calling thread, 0 = one per CPU core. */
    workers: z.number().int().min(0).max(64).default(1),
    /** Old-generation heap limit of each extraction worker thread, in MiB; a document that needs more fails alone. */
    workerHeapMb: z.number().int().min(64).default(1024),
    /** Documents handed to the workers ahead of the one being written out, per worker (bounds memory; output keeps input order). */
    queuePerWorker: z.number().int().positive().default(8),
    /** Wall-clock budget of one document, in milliseconds; past it the document fails alone with VIGIL_ERR_DOCUMENT_TIMEOUT (with --jobs, a worker still busy after 1.5x this is killed and replaced). */
    documentTimeoutMs: z.number().int().positive().default(30_000),
    /** Work budget of one document, in work units (loop iterations of the stages, see src/extract/budget.ts) per KiB of source. */
    documentWorkPerKb: z.number().int().positive().default(50_000),
    /** Work budget of any document, however short, in work units. */
    documentWorkMin: z.number().int().positive().default(500_000),
  }).prefault({}),
  watch: z.object({
    /** Default interval between two polls of a watched source, in seconds. */
    everySeconds: z.number().int().min(1).default(300),
    /** Longest wait after repeated failures (the interval doubles per consecutive failure up to this), in seconds. */
    maxBackoffSeconds: z.number().int().min(1).default(6 * 3600),
    /** How often `watch run` looks for sources due for a poll, in milliseconds. */
    tickMs: z.number().int().min(50).default(1000),
    /** How often an idle worker looks for new jobs, in milliseconds. */
    jobPollMs: z.number().int().min(20).default(250),
    /** Ingest jobs (extraction) run at once per worker process. */
    ingestConcurrency: z.number().int().min(1).max(64).default(1),
    /** Most new items taken from one poll of one source (the rest wait for the next poll). */
    maxItemsPerPoll: z.number().int().min(1).default(1000),
  }).prefault({}),
  alerts: z.object({
    /** A new incident this close (km) to an existing one of the same type ... */
    duplicateKm: z.number().positive().default(50),
    /** ... and this many days apart at most is flagged "possible duplicate of incident N". */
    duplicateDays: z.number().int().min(0).default(7),
    /** Webhook request timeout, in milliseconds. */
    webhookTimeoutMs: z.number().int().positive().default(10_000),
    /** First retry of a failed delivery after this many milliseconds; doubled per retry. */
    retryDelayMs: z.number().int().min(10).default(5_000),
    /** Retries of a failed delivery before it is marked failed. */
    retryLimit: z.number().int().min(0).default(8),
    /** SMTP server for email alerts (smtp://user:pass@host:port or smtps://...); empty = email off. */
    smtpUrl: z.string().default(''),
    /** From address of alert emails. */
    smtpFrom: z.string().default('vigil@localhost'),
  }).prefault({}),
  /** 48-relevance: when a sentence reports a political-violence, demonstration or strategic event (src/extract/relevance). */
  relevance: z.object({
    /** Log-odds (natural log) at or above which a sentence reports an event; 0 = probability 0.5. */
    thresholdLogit: z.number().default(0),
    /** Log-odds above which a sentence with a strong trigger and a named armed party or weapon is still an event. */
    rescueFloorLogit: z.number().default(-2),
    /** Share (0-1) of Latin-script tokens a text needs before the English model judges it. */
    minLatinShare: z.number().min(0).max(1).default(0.7),
    /** Weight (0-1) of the document's log-odds in each sentence's; the sentence's own log-odds weigh the rest. */
    docWeight: z.number().min(0).max(1).default(2 / 3),
  }).prefault({}),
});

export type VigilConfig = z.infer<typeof configSchema>;

const ENV: Record<string, [keyof VigilConfig, string, 'number' | 'string']> = {
  VIGIL_MAX_DOCUMENT_BYTES: ['limits', 'maxDocumentBytes', 'number'],
  VIGIL_MAX_FILE_BYTES: ['limits', 'maxFileBytes', 'number'],
  VIGIL_MAX_FETCH_BYTES: ['limits', 'maxFetchBytes', 'number'],
  VIGIL_FETCH_TIMEOUT_MS: ['limits', 'fetchTimeoutMs', 'number'],
  VIGIL_DATABASE_URL: ['database', 'url', 'string'],
  VIGIL_HOST: ['server', 'host', 'string'],
  VIGIL_PORT: ['server', 'port', 'number'],
  VIGIL_TILE_URL: ['server', 'tileUrl', 'string'],
  VIGIL_LOG_LEVEL: ['log', 'level', 'string'],
  VIGIL_EXTRACT_WORKERS: ['extraction', 'workers', 'number'],
  VIGIL_EXTRACT_WORKER_HEAP_MB: ['extraction', 'workerHeapMb', 'number'],
  VIGIL_WATCH_TICK_MS: ['watch', 'tickMs', 'number'],
  VIGIL_JOB_POLL_MS: ['watch', 'jobPollMs', 'number'],
  VIGIL_ALERT_RETRY_DELAY_MS: ['alerts', 'retryDelayMs', 'number'],
  VIGIL_SMTP_URL: ['alerts', 'smtpUrl', 'string'],
  VIGIL_SMTP_FROM: ['alerts', 'smtpFrom', 'string'],
  VIGIL_DOCUMENT_TIMEOUT_MS: ['extraction', 'documentTimeoutMs', 'number'],
  VIGIL_DOCUMENT_WORK_PER_KB: ['extraction', 'documentWorkPerKb', 'number'],
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Record<string, unknown>> = {}): VigilConfig {
  const raw: Record<string, Record<string, unknown>> = {};
  for (const [name, [section, key, type]] of Object.entries(ENV)) {
    const v = env[name];
    if (v === undefined || v === '') continue;
    (raw[section] ??= {})[key] = type === 'number' ? Number(v) : v;
  }
  for (const [section, value] of Object.entries(overrides)) {
    if (value && typeof value === 'object') raw[section] = { ...(raw[section] ?? {}), ...(value as object) };
  }
  return configSchema.parse(raw);
}

/**
 * Geoparser settings (issue #3). Kept apart from `configSchema` so the schema above stays append-only for others;
 * `loadGeoConfig` applies the VIGIL_GAZETTEER_DIR override.
 */
export const geoConfigSchema = z.object({
  /** Folder holding user gazetteers written by `vigil gazetteer import` (relative paths resolve against the cwd). */
  userGazetteerDir: z.string().default('.vigil/gazetteer'),
  /** Largest gazetteer import file accepted, in bytes (allCountries.txt is about 1.6 GB; split it per country). */
  maxImportBytes: z.number().int().positive().default(2 * 1024 * 1024 * 1024),
  /** Most places accepted from one import file, in rows. */
  maxImportRows: z.number().int().positive().default(5_000_000),
});
export type GeoConfig = z.infer<typeof geoConfigSchema>;

export function loadGeoConfig(env: NodeJS.ProcessEnv = process.env): GeoConfig {
  const raw: Record<string, unknown> = {};
  if (env.VIGIL_GAZETTEER_DIR) raw.userGazetteerDir = env.VIGIL_GAZETTEER_DIR;
  return geoConfigSchema.parse(raw);
}

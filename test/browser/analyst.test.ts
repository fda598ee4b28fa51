/**
 * The analyst's map and incident view in Debian's Chromium (playwright-core, headless, no network):
 * the offline base map (province boundaries, place labels from the gazetteer, `window.vigilMap`), the open
 * incident ringed on the map, weapons of concern with their own marker, the incident view (actors by role,
 * killed / injured / civilians with low, best, high, strikes, attribution, sources with their kinds, evidence
 * coloured by field with a legend), and the seed sample report ingested by the real pipeline, opened from a
 * link, with its actors by role. Screenshots go to artifacts/screenshots/.
 */
import type { FastifyInstance } from 'fastify';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/cli/commands/ingest.js';
import { loadConfig } from '../../src/config/schema.js';
import { buildApp } from '../../src/server/app.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { addSamples, addUsers, makeStore, PASSWORDS, type Fixture } from '../api/fixtures.js';
import { axeViolations, ensureWebBuilt, launch } from './helpers.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = join(ROOT, 'web', 'dist');
const SHOTS = join(ROOT, 'artifacts', 'screenshots');
const CHROMIUM = process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);

type W = { vigilMap: any };

describe.skipIf(!haveChromium && !process.env.CI)('analyst map and incident view in Chromium', () => {
  let fx: Fixture;
  let app: FastifyInstance;
  let seedApp: FastifyInstance;
  let seedStore: Store;
  let seedDir: string;
  let base: string;
  let seedBase: string;
  let ctx: BrowserContext;
  let page: Page;
  let profile: string;
  const pageErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
  async function login(url: string, who: 'analyst' | 'viewer' = 'analyst'): Promise<void> {
    await page.goto(url);
    await page.locator('#login-form').waitFor();
    await page.fill('#login-user', who);
    await page.fill('#login-pass', PASSWORDS[who]);
    await page.click('#login-submit');
    await expect.poll(() => page.textContent('#whoami'), { timeout: 30_000 }).toContain(who);
  }
  // Functions passed to page.evaluate run through the DevTools protocol (the page's CSP forbids eval in the page).
  const names = (layer: string) =>
    page.evaluate((l) => (window as unknown as W).vigilMap.queryRenderedFeatures({ layers: [l] }).map((f: any) => f.properties.name ?? f.properties.concern ?? ''), layer) as Promise<string[]>;
  const count = (layer: string) => page.evaluate((l) => (window as unknown as W).vigilMap.queryRenderedFeatures({ layers: [l] }).length, layer) as Promise<number>;
  const jump = (center: [number, number], zoom: number) => page.evaluate(([c, z]) => (window as unknown as W).vigilMap.jumpTo({ center: c, zoom: z }), [center, zoom] as const);
  const slow = { timeout: 150_000, interval: 1000 };
  const t0 = Date.now();
  const step = (s: string) => console.log(`[analyst] ${((Date.now() - t0) / 1000).toFixed(1)} s ${s}`);

  beforeAll(async () => {
    await ensureWebBuilt();
    mkdirSync(SHOTS, { recursive: true });
    fx = await makeStore();
    await addUsers(fx.store);
    await addSamples(fx.store);
    app = await buildApp({ store: fx.store, config: loadConfig({}), webRoot: DIST });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    ({ ctx, profile } = await launch(CHROMIUM, { width: 1100, height: 760 }));
    page = ctx.pages()[0] ?? (await ctx.newPage());
    page.on('pageerror', (e) => pageErrors.push(String(e)));
  });

  afterAll(async () => {
    await ctx?.close();
    await app?.close();
    await seedApp?.close();
    await seedStore?.close();
    await fx?.cleanup();
    if (seedDir) rmSync(seedDir, { recursive: true, force: true });
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('draws the offline base map: province boundaries and gazetteer place labels; window.vigilMap is the MapLibre map', async () => {
    step('start');
    await login(base);
    step('logged in');
    await page.waitForFunction(() => document.querySelector('#map')?.getAttribute('data-basemap') === 'ready', undefined, { timeout: 60_000 });
    expect(await page.evaluate(() => typeof (window as unknown as W).vigilMap?.getStyle)).toBe('function');
    step('basemap ready');
    // The view fitted to the sample events (Idlib province, zoom 8): boundaries, province names and the
    // gazetteer's towns (GeoNames via data/gazetteer).
    await expect.poll(() => count('provinces'), slow).toBeGreaterThan(0);
    await expect.poll(() => names('place-labels'), slow).toContain('Idlib');
    expect((await names('place-labels')).length).toBeGreaterThan(5);
    expect(await count('province-labels')).toBeGreaterThan(0);
    await shot('20-basemap');
    step('labels at 8');
    // Thinned by zoom: zoomed out a little, Aleppo (labelled from zoom 6) stays and Idlib (from zoom 7) goes.
    await jump([36.9, 35.9], 6.5);
    await expect.poll(() => names('place-labels'), slow).toContain('Aleppo');
    expect(await names('place-labels')).not.toContain('Idlib');
    step('labels at 6.5');

  }, 400_000);

  it('gives events with a weapon of concern their own marker, and explains every colour and symbol in the legend', { timeout: 200_000 }, async () => {
    expect(await page.getAttribute('#map', 'data-concern-count')).toBe('2');
    // Their marker images are on the map, and the symbol layer draws them (the two Saraqib reports, zoomed in).
    expect(await page.evaluate(() => (window as unknown as W).vigilMap.hasImage('concern-cluster'))).toBe(true);
    await jump([36.8, 35.86], 12);
    await expect.poll(() => names('concern-points'), slow).toContain('cluster');
    const legend = await page.textContent('#legend');
    for (const t of ['Battles', 'Cluster munitions', 'Province (ADM1) boundary', 'Open incident']) expect(legend).toContain(t);
  });

  it('opens an incident: ringed on the map, actors by role, killed / injured / civilians, attribution, sources and coloured evidence', { timeout: 200_000 }, async () => {
    await page.click('#incident-list li:has-text("Saraqib") button');
    await expect.poll(() => page.textContent('#incident-title')).toContain('Saraqib');
    expect(await page.getAttribute('#map', 'data-selected')).toBe('36.8042,35.8646');
    await expect.poll(() => count('selected-halo'), slow).toBe(1);
    expect(await page.textContent('#actors dd[data-role="perpetrator"]')).toContain('Military Forces of Russia');
    expect(await page.textContent('#actors dt.role-perpetrator')).toBe('Perpetrator');
    const killed = await page.locator('#toll-killed td').allTextContents();
    expect(killed).toEqual(['7', expect.stringMatching(/^[78]$/), '8']);
    expect(await page.textContent('#toll-injured')).toContain('not reported');
    expect(await page.textContent('#attribution-status')).toContain('stated as fact');
    const sources = await page.textContent('#sources');
    expect(sources).toContain('Example News');
    expect(sources).toContain('independent-media');
    expect(sources).toContain('observer');
    expect(await page.textContent('#weapons')).toContain('weapon of concern');
    // Evidence: each field its own colour, named in the legend.
    const bg = (sel: string) => page.locator(sel).first().evaluate((el) => getComputedStyle(el).backgroundColor);
    const weapon = await bg('#detail-body .excerpt mark[data-field="weapons"]');
    const date = await bg('#detail-body .excerpt mark[data-field="date"]');
    const where = await bg('#detail-body .excerpt mark[data-field="location"]');
    expect(new Set([weapon, date, where]).size).toBe(3);
    expect(await bg('#evidence-legend .ev-weapon')).toBe(weapon);
    expect(await page.locator('#evidence-legend li').count()).toBeGreaterThanOrEqual(8);
    // The field a span supports is also said in words (screen readers).
    expect(await page.locator('#detail-body .excerpt mark[data-field="weapons"] + .sr-only').first().textContent()).toBe(' (evidence: weapons)');
    await shot('21-incident-roles');
    expect(pageErrors).toEqual([]);
  });

  it('corrects actors with their roles, and the coordinates by clicking the map; both with a reason, in the audit trail', { timeout: 200_000 }, async () => {
    // Still on the Saraqib incident. Actors: add the victims.
    await page.click('#edit-box summary');
    await page.selectOption('#edit-field', 'actors');
    expect(await page.inputValue('#edit-actors li:first-child .actor-name-input')).toBe('Military Forces of Russia');
    await page.click('#edit-actor-add');
    await page.locator('#edit-actors li:last-child .actor-name-input').fill('Civilians (Syria)');
    await page.locator('#edit-actors li:last-child .actor-role-input').selectOption('victim');
    await page.fill('#edit-note', 'the market crowd were the victims');
    await page.click('#edit-save');
    await expect.poll(() => page.textContent('#actors dd[data-role="victim"]'), slow).toContain('Civilians (Syria)');
    await expect.poll(() => page.locator('#audit-table tbody tr[data-action="edit"]').count(), slow).toBe(2);
    expect(await page.textContent('#audit-table tbody tr:first-child .audit-note')).toBe('the market crowd were the victims');
    // The view stays where the analyst left it after a review action.
    const view = await page.evaluate(() => { const m = (window as unknown as W).vigilMap; return [m.getZoom(), m.getCenter().lng]; });
    await page.click('#review-accept');
    await expect.poll(() => page.textContent('#incident-status'), slow).toBe('accepted');
    expect(await page.evaluate(() => { const m = (window as unknown as W).vigilMap; return [m.getZoom(), m.getCenter().lng]; })).toEqual(view);
    // Coordinates: pick on the map, then save with a reason.
    await page.click('#edit-box summary');
    await page.selectOption('#edit-field', 'coordinates');
    await page.click('#edit-pick');
    const box = (await page.locator('#map canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2 + 40, box.y + box.height / 2);
    await expect.poll(() => page.textContent('#edit-pick-status')).toMatch(/^Picked /);
    const picked = [Number(await page.inputValue('#edit-lat')), Number(await page.inputValue('#edit-lon'))];
    expect(picked[1]).toBeGreaterThan(36.8042);
    // Without a reason: a plain sentence at the field, no code in the text.
    await page.click('#edit-save');
    await expect.poll(() => page.textContent('#edit-error')).toBe('A reason is required. Say why in the Reason field (it is kept in the audit trail).');
    await page.fill('#edit-note', 'geolocated from the video: east side of the market');
    await page.click('#edit-save');
    await expect.poll(() => page.textContent('#incident-coords'), slow).toBe(`${picked[0].toFixed(4)}, ${picked[1].toFixed(4)}`);
    const what = await page.locator('#audit-table tbody tr .audit-what').allTextContents();
    expect(what.slice(0, 2).join(' | ')).toMatch(/Corrected lon of this incident: 36\.8042 → .* \| Corrected lat of this incident/);
    await shot('23-corrections');
  });

  it('shows the dashboard (events and killed over time by type, top actors, provinces), filters by country and province, and keeps the view in the URL', { timeout: 200_000 }, async () => {
    await page.click('#tab-dashboard');
    await page.locator('#chart-table').waitFor({ state: 'attached' });
    expect(await page.textContent('#kpi-events')).toBe('4');
    expect(await page.locator('#top-actors li[data-label="Military Forces of Russia"] .bar-value').textContent()).toBe('2 events · 15 killed');
    expect(await page.textContent('#by-province')).toContain('Idlib (SY)');
    expect(await page.locator('.chart-svg rect').count()).toBeGreaterThan(0);
    // Country and province filters.
    expect(await page.locator('#f-country option[value="SY"]').textContent()).toBe('Syria');
    await page.selectOption('#f-country', 'SY');
    await page.selectOption('#f-province', 'Idlib');
    await page.click('#f-apply');
    await expect.poll(() => new URL(page.url()).searchParams.get('province')).toBe('Idlib');
    expect(new URL(page.url()).searchParams.get('view')).toBe('dashboard');
    // A link reproduces the view: filters, tab, map view.
    await page.fill('#f-weapon', 'cluster munition');
    await page.click('#f-apply');
    await expect.poll(() => page.textContent('#kpi-events')).toBe('2');
    const link = page.url();
    await page.goto('about:blank');
    await page.goto(link);
    await expect.poll(() => page.textContent('#kpi-events'), slow).toBe('2');
    expect(await page.inputValue('#f-weapon')).toBe('cluster munition');
    expect(await page.getAttribute('#tab-dashboard', 'aria-selected')).toBe('true');
    await shot('24-dashboard');
    expect(await axeViolations(page)).toEqual([]);
    await page.click('#tab-map');
    await page.click('#f-reset');
  });

  it('shows undated events apart from the timeline, with a labelled axis', async () => {
    // After the Reset above: all four sample events, 5 January to 12 March 2024.
    await expect.poll(() => page.locator('#incident-list li').count(), slow).toBe(3);
    expect(await page.locator('#timeline .axis text').count()).toBeGreaterThan(2);
    expect(await page.textContent('#timeline-undated')).toBe('Every event has a date');
  });

  it('works on a 360 px phone: one column, no sideways scrolling, the incident readable; axe finds nothing', { timeout: 200_000 }, async () => {
    const id = (await page.textContent('#incident-list li:has-text("Saraqib") .incident-title')) ? await page.locator('#incident-list li:has-text("Saraqib")').getAttribute('data-id') : null;
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${base}/#incident=${id}`);
    await expect.poll(() => page.textContent('#incident-id'), slow).toBe(`#${id}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const detail = (await page.locator('#detail').boundingBox())!;
    expect(detail.width).toBeGreaterThan(300);
    expect(await page.locator('#actors').isVisible()).toBe(true);
    await shot('phone-incident');
    await page.click('#detail-close');
    await shot('phone-map');
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1100, height: 760 });
  });

  it('opens the seed sample report from a link, with its actors by role', async () => {
    // The seed sample report, through the real ingest pipeline (extraction, geocoding, clustering).
    seedDir = mkdtempSync(join(tmpdir(), 'vigil-seed-'));
    const seedDb = join(seedDir, 'vigil.db');
    const t0 = Date.now();
    await runIngest([join(ROOT, 'samples', 'reports', '01-saraqib-airstrikes.txt')], { db: seedDb, jobs: 1, progress: false });
    console.log(`[seed ingest] ${Date.now() - t0} ms`);
    seedStore = await openStore(seedDb);
    await addUsers(seedStore);
    seedApp = await buildApp({ store: seedStore, config: loadConfig({}), webRoot: DIST });
    seedBase = await seedApp.listen({ host: '127.0.0.1', port: 0 });
    const ids = await seedStore.queryIncidents({ limit: 10 });
    // GeoNames spells it Sarāqib.
    const saraqib = ids.items.find((i) => /Saraqib/i.test((i.locationName ?? '').normalize('NFD').replace(/\p{M}/gu, '')) && i.actors.length > 0);
    expect(saraqib, 'the seed report gives a Saraqib incident').toBeDefined();
    await login(seedBase);
    await page.goto(`${seedBase}/#incident=${saraqib!.id}`);
    await expect.poll(() => page.textContent('#incident-id'), { timeout: 30_000 }).toBe(`#${saraqib!.id}`);
    const perpetrators = await page.locator('#actors dd[data-role="perpetrator"] .actor-name').allTextContents();
    expect(perpetrators.join(' ')).toMatch(/Russia/);
    expect(await page.locator('#actors dt').count()).toBeGreaterThan(0);
    await shot('22-seed-report-link');
  }, 400_000);
});

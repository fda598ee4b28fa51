/**
 * The analyst web app in Debian's Chromium (playwright-core, headless, no network): log in, see the
 * sample incidents on the map, filter by weapon, open the Saraqib incident with its evidence
 * highlighted, accept it, correct a field (and be refused without a reason), export GeoJSON, brush the
 * timeline, check that a hostile report's script and javascript: links do nothing, that a viewer gets no
 * review controls (and a 403 from the API), and that an analyst can merge two incidents and split a
 * report out with the keyboard, both shown in the audit trail. Screenshots go to artifacts/screenshots/.
 */
import type { FastifyInstance } from 'fastify';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/schema.js';
import { buildApp } from '../../src/server/app.js';
import { addSamples, addUsers, makeStore, PASSWORDS, type Fixture } from '../api/fixtures.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WEB = join(ROOT, 'web');
const DIST = join(WEB, 'dist');
const SHOTS = join(ROOT, 'artifacts', 'screenshots');
const CHROMIUM = process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium';

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && !process.env.CI) {
  console.warn(`[browser tests] skipped: ${CHROMIUM} not found. Install it with: apt-get install -y chromium fonts-liberation (CI installs it and never skips).`);
}

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Build web/dist when it is missing or older than the sources (CI builds it in `npm run build`). */
async function ensureWebBuilt(): Promise<void> {
  const index = join(DIST, 'index.html');
  const stale = !existsSync(index) || statSync(index).mtimeMs < Math.max(newestMtime(join(WEB, 'src')), statSync(join(WEB, 'index.html')).mtimeMs);
  if (!stale) return;
  const { build } = await import('vite');
  await build({ configFile: join(WEB, 'vite.config.ts'), logLevel: 'warn' });
}

describe.skipIf(!haveChromium && !process.env.CI)('web app in Chromium', () => {
  let fx: Fixture;
  let app: FastifyInstance;
  let base: string;
  let ctx: BrowserContext;
  let page: Page;
  let profile: string;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
  /** The audit-trail rows on screen, newest first. */
  const auditRows = () =>
    page.locator('#audit-table tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        action: (tr as HTMLElement).dataset.action,
        user: tr.querySelector('.audit-user')?.textContent,
        what: tr.querySelector('.audit-what')?.textContent,
        note: tr.querySelector('.audit-note')?.textContent,
      })),
    );
  /**
   * axe-core's WCAG 2.1 A/AA rules on the page (the map canvas excluded: MapLibre's own markup); returns the
   * serious and critical violations. axe is evaluated through the DevTools protocol, which the page's CSP
   * does not govern, so the app's CSP stays as it is.
   */
  async function axeViolations(): Promise<string[]> {
    const src = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    await page.evaluate(src);
    const found = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
      const r = await axe.run({ exclude: [['#map']] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
    });
    return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.targets.join(', ')}`);
  }
  async function loginAs(who: 'analyst' | 'viewer'): Promise<void> {
    if (await page.locator('#logout').isVisible()) await page.click('#logout');
    await page.locator('#login-form').waitFor();
    await page.fill('#login-user', who);
    await page.fill('#login-pass', PASSWORDS[who]);
    await page.click('#login-submit');
    await expect.poll(() => page.textContent('#whoami'), { timeout: 30_000 }).toContain(who);
  }

  beforeAll(async () => {
    await ensureWebBuilt();
    mkdirSync(SHOTS, { recursive: true });
    fx = await makeStore();
    await addUsers(fx.store);
    await addSamples(fx.store);
    app = await buildApp({ store: fx.store, config: loadConfig({}), webRoot: DIST });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    profile = mkdtempSync(join(tmpdir(), 'vigil-chromium-'));
    ctx = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      acceptDownloads: true,
      viewport: { width: 1400, height: 900 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    // No internet needed: refuse any request that leaves the test server.
    await ctx.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
    page = ctx.pages()[0] ?? (await ctx.newPage());
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
  });

  afterAll(async () => {
    await ctx?.close();
    await app?.close();
    await fx?.cleanup();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('logs in and shows the sample incidents on the map', async () => {
    await page.goto(base);
    await page.locator('#login-form').waitFor();
    expect(await axeViolations()).toEqual([]);
    await page.fill('#login-user', 'analyst');
    await page.fill('#login-pass', PASSWORDS.analyst);
    await page.click('#login-submit');
    await expect.poll(() => page.locator('#incident-list li').count(), { timeout: 30_000 }).toBe(3);
    await expect.poll(() => page.textContent('#whoami')).toContain('analyst');
    // Wait until MapLibre has drawn the event layers, then ask it what is on screen.
    await page.waitForFunction(() => {
      const m = (window as unknown as { __vigil: { map: { loaded(): boolean } | null } }).__vigil.map;
      return !!m && m.loaded();
    }, undefined, { timeout: 90_000 });
    const rendered = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const m = (window as unknown as { __vigil: { map: any } }).__vigil.map;
          const count = () => m.queryRenderedFeatures({ layers: ['points', 'clusters'] }).length;
          if (count() > 0) resolve(count());
          else m.once('idle', () => resolve(count()));
        }),
    );
    expect(rendered).toBeGreaterThan(0);
    expect(await page.getAttribute('#map', 'data-event-count')).toBe('4');
    // The base layer is drawn from the bundled world-atlas data, and the view is fitted to the events (Syria).
    const countries = await page.evaluate(() =>
      (window as unknown as { __vigil: { map: any } }).__vigil.map.queryRenderedFeatures({ layers: ['land'] }).map((f: any) => f.properties.name),
    );
    expect(countries).toContain('Syria');
    await shot('01-map');
  }, 180_000);

  it('filters by the weapon "cluster munition"', async () => {
    await page.fill('#f-weapon', 'cluster munition');
    await page.click('#f-apply');
    await expect.poll(() => page.locator('#incident-list li').count()).toBe(1);
    expect(await page.textContent('#incident-list li')).toContain('Saraqib');
    await expect.poll(() => page.getAttribute('#map', 'data-event-count')).toBe('2');
    await shot('02-filter-cluster-munition');
  });

  it('opens the Saraqib incident with every report and the evidence highlighted, RTL for Arabic', async () => {
    await page.click('#incident-list li:has-text("Saraqib")');
    await expect.poll(() => page.textContent('#incident-title')).toContain('Saraqib');
    const reports = page.locator('#detail-body .report');
    expect(await reports.count()).toBe(2);
    const marks = await page.locator('#detail-body mark').allTextContents();
    expect(marks).toContain('cluster munitions');
    expect(marks).toContain('بالذخائر العنقودية');
    expect(marks).toContain('killing 7 civilians');
    const arabic = page.locator('#detail-body .excerpt', { hasText: 'سراقب' });
    expect(await arabic.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    expect(await page.locator('#detail-body .excerpt', { hasText: 'Saraqib' }).evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
    expect(await page.locator('#detail-body .reasons li').count()).toBeGreaterThan(0);
    expect(await page.textContent('#incident-grade')).toMatch(/confirmed|fair|weak|contested|discounted/);
    await shot('03-incident-saraqib');
  });

  it('accepts the incident (recorded in the audit trail)', async () => {
    await expect.poll(() => page.locator('#audit-empty').count()).toBe(1);
    await page.click('#review-accept');
    await expect.poll(() => page.textContent('#incident-status')).toBe('accepted');
    await expect.poll(auditRows).toEqual([{ action: 'accept', user: 'analyst', what: 'Accepted this incident (pending → accepted)', note: '—' }]);
    expect(await page.locator('#review-accept').isDisabled()).toBe(true);
    await shot('04-accepted');
  });

  it('corrects a field (fatalities), with the change and its reason in the audit trail', async () => {
    await page.click('#edit-box summary');
    await page.selectOption('#edit-field', 'fatalities');
    // Prefilled with the incident's current range (7 and 8 from the two reports).
    expect(await page.inputValue('#edit-low')).toBe('7');
    await page.fill('#edit-low', '7');
    await page.fill('#edit-best', '7');
    await page.fill('#edit-high', '9');
    await page.fill('#edit-note', 'hospital list names a ninth victim');
    await page.click('#edit-save');
    await expect.poll(() => page.textContent('#incident-fatalities'), { timeout: 15_000 }).toBe('7 (7–9)');
    await expect.poll(async () => (await auditRows())[0]).toMatchObject({ action: 'edit', user: 'analyst', note: 'hospital list names a ninth victim' });
    expect((await auditRows())[0].what).toMatch(/^Corrected fatalities of this incident: \d+ \(7–8\) → 7 \(7–9\)$/);
  });

  it('corrects the location precision (shown before and after)', async () => {
    expect(await page.textContent('#incident-where')).toContain('(precision: exact)');
    await page.click('#edit-box summary');
    await page.selectOption('#edit-field', 'precision');
    expect(await page.inputValue('#edit-value')).toBe('exact');
    await page.selectOption('#edit-value', 'near');
    await page.fill('#edit-note', 'the market is on the edge of town');
    await page.click('#edit-save');
    await expect.poll(() => page.textContent('#incident-where'), { timeout: 15_000 }).toContain('(precision: near)');
    await expect.poll(async () => (await auditRows())[0]?.what).toBe('Corrected location precision of this incident: exact → near');
  });

  it('refuses a correction without a reason, with a visible message and nothing recorded', async () => {
    const before = (await auditRows()).length;
    await page.click('#edit-box summary');
    await page.selectOption('#edit-field', 'grade');
    await page.selectOption('#edit-value', 'discounted');
    await page.fill('#edit-note', '   ');
    await page.click('#edit-save');
    const error = page.locator('#edit-error');
    await error.waitFor({ state: 'visible' });
    // A plain sentence at the field; the catalogue code stays out of the text (in data-code, for support).
    expect(await error.textContent()).toBe('A reason is required. Say why in the Reason field (it is kept in the audit trail).');
    expect(await error.getAttribute('data-code')).toBe('VIGIL_ERR_VALIDATION');
    expect(await error.getAttribute('role')).toBe('alert');
    // Focus goes to the field to fix, marked invalid; the form is usable again.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('edit-note');
    expect(await page.getAttribute('#edit-note', 'aria-invalid')).toBe('true');
    expect(await page.locator('#edit-save').isDisabled()).toBe(false);
    expect(await page.textContent('#incident-grade')).not.toBe('discounted');
    expect((await auditRows()).length).toBe(before);
    await shot('05-reason-required');
  });

  it('exports GeoJSON as a download', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-geojson')]);
    const file = join(SHOTS, '..', 'export.geojson');
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/^vigil-events-.*\.geojson$/);
    const gj = JSON.parse(readFileSync(file, 'utf8'));
    expect(gj.type).toBe('FeatureCollection');
    // The export honours the weapon filter: the two Saraqib reports.
    expect(gj.features.length).toBe(2);
    expect(gj.features[0].geometry.coordinates[0]).toBeCloseTo(36.8042, 3);
  });

  it('filters by brushing the timeline', async () => {
    await page.click('#f-reset');
    await expect.poll(() => page.locator('#incident-list li').count()).toBe(3);
    const box = (await page.locator('#timeline svg').boundingBox())!;
    // Data spans 2024-01-05 .. 2024-03-12; drag over the last third (March only).
    await page.mouse.move(box.x + box.width * 0.85, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.999, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => page.locator('#incident-list li').count()).toBe(1);
    expect(await page.textContent('#incident-list li')).toContain('Saraqib');
    expect(await page.textContent('#f-range')).toMatch(/2024-03/);
    expect(await page.inputValue('#f-since')).toMatch(/^2024-0[23]-\d\d$/);
    await shot('06-timeline-brush');
    // A click without a drag clears the selection.
    await page.mouse.click(box.x + 5, box.y + box.height / 2);
    await expect.poll(() => page.locator('#incident-list li').count()).toBe(3);
    expect(await page.inputValue('#f-since')).toBe('');
    // The keyboard way: From / To fields (the brush filled them too, and shows what they say).
    await page.fill('#f-since', '2024-02-01');
    await page.fill('#f-until', '2024-02-29');
    await page.press('#f-until', 'Enter');
    await expect.poll(() => page.locator('#incident-list li').count()).toBe(1);
    expect(await page.textContent('#incident-list li')).toContain('Abu al-Duhur');
    expect(await page.getAttribute('#timeline .brush', 'visibility')).toBe('visible');
    await page.click('#f-reset');
    await expect.poll(() => page.locator('#incident-list li').count()).toBe(3);
    expect(await page.getAttribute('#timeline .brush', 'visibility')).toBe('hidden');
  });

  it('passes the axe accessibility rules (WCAG 2.1 AA, serious and critical) with every review form open', async () => {
    for (const box of ['#edit-box', '#merge-box', '#split-box']) {
      if (!(await page.locator(`${box}[open]`).count())) await page.click(`${box} summary`);
    }
    await page.locator('#merge-candidates li').first().waitFor();
    await page.locator('#audit-table, #audit-empty').first().waitFor();
    expect(await axeViolations()).toEqual([]);
  });

  it('shows an empty state when nothing matches, and the list again after Reset', async () => {
    expect(await page.locator('#incident-empty').isHidden()).toBe(true);
    await page.fill('#f-q', 'nosuchwordanywhere');
    await page.press('#f-q', 'Enter');
    await page.locator('#incident-empty').waitFor({ state: 'visible' });
    expect(await page.locator('#incident-list li').count()).toBe(0);
    expect(await page.textContent('#incident-empty')).toContain('No incident matches');
    // The error banner stays hidden: an empty result is not a failure.
    expect(await page.locator('#app-error').isHidden()).toBe(true);
    await shot('07-empty-state');
    await page.click('#f-reset');
    await expect.poll(() => page.locator('#incident-list li').count()).toBe(3);
    expect(await page.locator('#incident-empty').isHidden()).toBe(true);
  });

  it("does not run a hostile report's script or links", async () => {
    await page.click('#incident-list li:has-text("Kafr Nabl")');
    await expect.poll(() => page.textContent('#incident-title')).toContain('Kafr Nabl');
    const excerpt = await page.textContent('#detail-body .excerpt');
    // Shown as text, highlighted as evidence, never parsed as HTML.
    expect(excerpt).toContain('<script>window.__pwned=1</script>');
    expect(await page.locator('#detail-body mark', { hasText: '<script>' }).count()).toBe(1);
    expect(await page.textContent('#detail-body .report-head')).toContain('<img src=x onerror=');
    expect(await page.locator('script:not([src])').count()).toBe(0);
    expect(await page.locator('#detail-body img, #detail-body b, #detail-body script').count()).toBe(0);
    const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    // Only http(s), same-origin paths, and the app's own in-page skip link (#id).
    expect(hrefs.filter((h) => !/^(https?:|\/|#[\w-]+$)/.test(h ?? ''))).toEqual([]);
    // Hover and click everything in the report: nothing may run.
    await page.hover('#detail-body .report-head');
    await page.click('#detail-body .excerpt');
    await shot('08-hostile-report');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });

  it('serves the app with the CSP header; a viewer reads the audit trail but gets no review controls, and the API refuses', async () => {
    const res = await fetch(base);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    await loginAs('viewer');
    await expect.poll(() => page.locator('#incident-list li').count(), { timeout: 30_000 }).toBe(3);
    await page.click('#incident-list li:has-text("Saraqib")');
    await expect.poll(() => page.textContent('#incident-title')).toContain('Saraqib');
    await expect.poll(async () => (await auditRows()).map((r) => r.action)).toEqual(['edit', 'edit', 'accept']);
    for (const sel of ['#review-panel', '#review-accept', '#review-reject', '#edit-form', '#merge-form', '#split-form', 'input.split-pick']) {
      expect(await page.locator(sel).count(), sel).toBe(0);
    }
    expect(await page.textContent('#viewer-note')).toContain('viewer role');
    expect(await axeViolations()).toEqual([]);
    // The controls are hidden, and the server refuses a viewer's write even with a valid CSRF token.
    const refused = await page.evaluate(async () => {
      const me = await (await fetch('/api/auth/me')).json();
      const r = await fetch('/api/incidents/merge', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ into: 1, from: [2], note: 'viewer tries' }),
      });
      return { status: r.status, code: (await r.json()).code };
    });
    expect(refused).toEqual({ status: 403, code: 'VIGIL_ERR_FORBIDDEN' });
    await shot('09-viewer');
  });

  it('an analyst merges two incidents and splits a report out, by keyboard; the audit trail attributes both', async () => {
    await loginAs('analyst');
    await expect.poll(() => page.locator('#incident-list li').count(), { timeout: 30_000 }).toBe(3);
    // Keyboard: focus an incident in the list, Enter opens it with focus on its title, Escape closes it.
    const abuItem = page.locator('#incident-list li', { hasText: 'Abu al-Duhur' }).locator('button');
    await abuItem.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('incident-title');
    expect(await page.textContent('#incident-title')).toContain('Abu al-Duhur');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('#detail').isHidden()).toBe(true);
    expect(await abuItem.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('incident-title');
    const abuId = Number((await page.textContent('#incident-id'))!.slice(1));

    // Merge: open the box (keyboard), the default search (50 km, 7 days) finds nothing: empty state.
    await page.focus('#merge-box summary');
    await page.keyboard.press('Enter');
    await page.locator('#merge-none').waitFor();
    // Saraqib is ~31 km and 21 days away: widen to 30 days.
    await page.selectOption('#merge-days', '30');
    await page.click('#merge-find');
    const cand = page.locator('#merge-candidates li', { hasText: 'Saraqib' });
    await cand.waitFor();
    expect(await cand.textContent()).toMatch(/3\d\.\d km · 21 days apart/);
    await cand.locator('input').check();
    await page.fill('#merge-note', 'same strike reported twice');
    await shot('10-merge-form');
    await page.focus('#merge-submit');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#detail-body .report').count(), { timeout: 15_000 }).toBe(3);
    await expect.poll(async () => (await auditRows())[0]).toMatchObject({ action: 'merge', user: 'analyst', note: 'same strike reported twice' });
    expect((await auditRows()).slice(0, 2).map((r) => r.what)).toEqual([
      'Reports in this incident after the merge: 1 → 3',
      expect.stringMatching(/^Merged incident #\d+ into this incident$/),
    ]);
    await expect.poll(() => page.locator('#incident-list li').count()).toBe(2);

    // The Arabic report is still laid out right to left in the merged view, with its evidence marked.
    const arabic = page.locator('#detail-body .excerpt', { hasText: 'سراقب' });
    expect(await arabic.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    const arMarks = await arabic.locator('mark').allTextContents();
    expect(arMarks).toEqual(expect.arrayContaining(['قصفت', 'طائرات حربية روسية', 'سراقب', 'بالذخائر العنقودية', 'مقتل 8 مدنيين']));
    expect(await page.locator('#detail-body .report-head strong', { hasText: 'غارة' }).evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');

    // Split the Abu al-Duhur report back out into a new incident.
    await page.locator('#detail-body .report', { hasText: 'Shelling near Abu al-Duhur' }).locator('input.split-pick').check();
    expect(await page.textContent('#split-count')).toContain('1 of 3 reports selected');
    await page.click('#split-box summary');
    await page.fill('#split-note', 'artillery at the air base is a separate event');
    await page.click('#split-submit');
    await expect.poll(() => page.locator('#detail-body .report').count(), { timeout: 15_000 }).toBe(2);
    await expect.poll(async () => (await auditRows()).slice(0, 3).map((r) => [r.action, r.user, r.note])).toEqual([
      ['split', 'analyst', 'artillery at the air base is a separate event'],
      ['merge', 'analyst', 'same strike reported twice'],
      ['merge', 'analyst', 'same strike reported twice'],
    ]);
    expect((await auditRows())[0].what).toMatch(new RegExp(`^Split report \\(event \\d+\\) out of this incident into new incident #\\d+$`));
    expect(await page.textContent('#incident-id')).toBe(`#${abuId}`);
    await expect.poll(() => page.locator('#incident-list li').count()).toBe(3);
    await shot('11-merged-and-split');
    await page.locator('#audit').scrollIntoViewIfNeeded();
    await shot('12-audit-trail');
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });

  it('rejects a single report with a reason; it stays visible, marked, and the trail says so', async () => {
    const arabic = page.locator('#detail-body .report', { hasText: 'سراقب' });
    const eventId = Number(await arabic.getAttribute('data-event'));
    await page.click('#split-box summary');
    await arabic.locator('input.split-pick').check();
    // Without a reason the server refuses, and says why.
    await page.click('#reports-reject');
    await expect.poll(() => page.textContent('#split-error')).toBe('A reason is required. Say why in the Reason field (it is kept in the audit trail).');
    await page.fill('#split-note', 'observatory copied the English report');
    await page.click('#reports-reject');
    await expect.poll(() => page.locator('#detail-body .report', { hasText: 'سراقب' }).getAttribute('data-status'), { timeout: 15_000 }).toBe('rejected');
    expect(await page.textContent('#detail-body .report-rejected .badge')).toBe('report rejected');
    await expect.poll(async () => (await auditRows())[0]).toEqual({
      action: 'reject',
      user: 'analyst',
      what: `Rejected report (event ${eventId}) (pending → rejected)`,
      note: 'observatory copied the English report',
    });
    // Still RTL, evidence still marked.
    const excerpt = page.locator('#detail-body .report-rejected .excerpt');
    expect(await excerpt.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    expect(await excerpt.locator('mark').allTextContents()).toContain('بالذخائر العنقودية');
    await shot('13-report-rejected');
  });

  it('links to an incident (#incident=ID), lists merged incidents by status, and leads from a merged one to its survivor', async () => {
    const survivor = (await page.textContent('#incident-id'))!.slice(1);
    expect(new URL(page.url()).hash).toBe(`#incident=${survivor}`);
    await page.goto(`${base}/#incident=${survivor}`);
    await expect.poll(() => page.textContent('#incident-id'), { timeout: 30_000 }).toBe(`#${survivor}`);
    await page.selectOption('#f-status', 'merged');
    await page.click('#f-apply');
    await expect.poll(() => page.locator('#incident-list li').count(), { timeout: 30_000 }).toBe(1);
    await page.click('#incident-list li');
    await expect.poll(() => page.textContent('#incident-status')).toBe('merged');
    expect(await page.locator('#review-accept').count()).toBe(0);
    await page.click('#open-merged-into');
    await expect.poll(() => page.textContent('#incident-id')).toBe(`#${survivor}`);
    await page.click('#f-reset');
    await expect.poll(() => page.locator('#incident-list li').count()).toBe(3);
  });
});

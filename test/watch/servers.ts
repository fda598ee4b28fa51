/**
 * A feed server and a webhook receiver on 127.0.0.1 for the watch tests. Reports are written for
 * these tests (invented places, dates and counts in the shape of local news items).
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../src/alerts/webhook.js';

const PLACES = [
  ['Maarat al-Numan', 'Idlib'], ['Saraqib', 'Idlib'], ['Ariha', 'Idlib'], ['Jisr al-Shughur', 'Idlib'], ['Khan Shaykhun', 'Idlib'],
  ['Atarib', 'Aleppo'], ['Manbij', 'Aleppo'], ['Azaz', 'Aleppo'], ['Al-Bab', 'Aleppo'], ['Daraa', 'Daraa'], ['Douma', 'Rif Dimashq'],
  ['Palmyra', 'Homs'], ['Rastan', 'Homs'], ['Talbiseh', 'Homs'], ['Deir ez-Zor', 'Deir ez-Zor'], ['Mayadin', 'Deir ez-Zor'],
];
const WHAT = [
  (n: number) => `${n} civilians were killed when artillery shells hit a market`,
  (n: number) => `an air strike killed ${n} people in a residential building`,
  (n: number) => `${n} people died after a drone struck a car`,
  (n: number) => `rocket fire killed ${n} residents near a school`,
];

/** Report i: a distinct place / day / count, so most items open their own incident. */
export function report(i: number): { title: string; text: string; date: string } {
  const [place, prov] = PLACES[i % PLACES.length];
  const day = 1 + (Math.floor(i / PLACES.length) % 27);
  const month = 1 + (Math.floor(i / (PLACES.length * 27)) % 12);
  const n = 2 + (i % 7);
  const date = `2024-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const when = new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const what = WHAT[i % WHAT.length](n);
  return { title: `${place}: ${n} killed`, text: `On ${when}, ${what} in ${place}, ${prov} province, local sources said. Report ${i}.`, date };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export interface FeedServer {
  url: string;
  /** Requests answered 200 / 304. */
  stats: { full: number; notModified: number };
  append(...items: number[]): void;
  close(): Promise<void>;
}

/** An RSS 2.0 feed at /feed.xml with ETag / Last-Modified; items are appended with append(). */
export async function feedServer(): Promise<FeedServer> {
  const items: number[] = [];
  let version = 0;
  const stats = { full: 0, notModified: 0 };
  const body = () => `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test monitor</title><link>https://monitor.example.org/</link><description>test</description>
${items.map((i) => {
    const r = report(i);
    return `<item><title>${esc(r.title)}</title><link>https://monitor.example.org/r/${i}</link><guid>r-${i}</guid><pubDate>${new Date(`${r.date}T12:00:00Z`).toUTCString()}</pubDate><description>${esc(r.text)}</description></item>`;
  }).join('\n')}
</channel></rss>`;
  const server = http.createServer((req, res) => {
    const etag = `"v${version}"`;
    if (req.headers['if-none-match'] === etag) {
      stats.notModified++;
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    stats.full++;
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag });
    res.end(body());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/feed.xml`, stats,
    append(...more: number[]) {
      items.push(...more);
      version++;
    },
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

export interface Received {
  deliveryId: string;
  valid: boolean;
  body: { alert: string; change: string; documentId: number; incident: { id: number }; possibleDuplicateOf: number | null; note: string | null };
}

export interface WebhookReceiver {
  url: string;
  received: Received[];
  /** Answer 500 to the next n requests (to exercise retries). */
  failNext(n: number): void;
  close(): Promise<void>;
}

export async function webhookReceiver(secret: () => string): Promise<WebhookReceiver> {
  const received: Received[] = [];
  let fail = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (fail > 0) {
        fail--;
        res.writeHead(500);
        res.end();
        return;
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      const valid = verifySignature(secret(), String(req.headers['x-vigil-timestamp']), raw, String(req.headers['x-vigil-signature']));
      received.push({ deliveryId: String(req.headers['x-vigil-delivery']), valid, body: JSON.parse(raw) });
      res.writeHead(204);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`, received,
    failNext(n: number) { fail = n; },
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

export async function until(cond: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** True once every incident change has its delivery row for the alert named 'all' and no delivery is pending (the alert and deliver steps ran). */
export async function alertsDrained(d: { get<T>(sql: string, p?: unknown[]): Promise<T | undefined> }): Promise<boolean> {
  const r = await d.get<{ c: number; n: number; p: number }>(
    `SELECT (SELECT count(*) FROM (SELECT DISTINCT document_id, incident_id FROM events WHERE incident_id IS NOT NULL) x) AS c,
       (SELECT count(*) FROM alert_deliveries WHERE alert_id = (SELECT id FROM alerts WHERE name = 'all')) AS n,
       (SELECT count(*) FROM alert_deliveries WHERE webhook_state = 'pending' OR email_state = 'pending') AS p`);
  return !!r && Number(r.c) === Number(r.n) && Number(r.p) === 0;
}

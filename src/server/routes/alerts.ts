/**
 * Alerts and watched sources over HTTP:
 *   GET  /api/alerts                    saved alerts (no secrets)                       analyst
 *   GET  /api/alerts/:name/atom         an alert's Atom feed (latest deliveries)        viewer
 *   GET  /api/alerts/stream             server-sent events: every new delivery, live    viewer
 *                                       (Last-Event-ID resumes after a delivery id)
 *   GET  /api/watch/sources             watched sources with their health               admin
 *   POST /api/watch/sources             watch a URL {url, everySeconds}                 admin
 *   DELETE /api/watch/sources/:id       stop watching                                   admin
 * The stream reads alert_deliveries every second, so deliveries made by workers in other processes
 * or on other machines reach the web app too.
 */
import { z } from 'zod';
import { VigilError } from '../../errors/catalogue.js';
import { alertRepo } from '../../alerts/repo.js';
import { alertAtom } from '../../alerts/atom.js';
import { watchRepo } from '../../watch/repo.js';
import type { ServerContext } from '../app.js';
import { IdParam } from '../dto.js';

/** Most live streams open at once (each holds a socket and polls the store once a second). */
const MAX_STREAMS = 100;
const STREAM_POLL_MS = 1000;
const HEARTBEAT_MS = 15_000;

const NameParam = z.object({ name: z.string().min(1).max(64).regex(/^[\p{L}\p{N}._-]+$/u) });

export function alertRoutes(ctx: ServerContext): void {
  const { store } = ctx;
  let streams = 0;

  ctx.route({
    method: 'GET', url: '/api/alerts', tag: 'alerts', access: 'analyst',
    summary: 'Saved alerts (filters, conditions, webhook URL, email); signing secrets are never sent.',
    async handler() {
      return { items: (await alertRepo(store).list()).map(({ webhookSecret: _s, ...a }) => a) };
    },
  });

  ctx.route({
    method: 'GET', url: '/api/alerts/:name/atom', tag: 'alerts', access: 'viewer',
    summary: "An alert's Atom feed: its latest 50 deliveries (new incidents, changes, grade changes).",
    params: NameParam, produces: ['application/atom+xml'],
    async handler({ params, reply, req }) {
      const repo = alertRepo(store);
      const a = await repo.get(params.name);
      if (!a) throw new VigilError('VIGIL_ERR_NOT_FOUND', `alert ${params.name}`);
      const self = `${req.protocol}://${req.host}${req.url}`;
      return reply.type('application/atom+xml; charset=utf-8').send(alertAtom(a, await repo.deliveries(a.id, { limit: 50 }), self));
    },
  });

  ctx.route({
    method: 'GET', url: '/api/alerts/stream', tag: 'alerts', access: 'viewer',
    summary: 'Server-sent events: one `delivery` event (JSON: alert, change, incident, note) per new alert delivery. Send Last-Event-ID to resume.',
    produces: ['text/event-stream'],
    async handler({ req, reply }) {
      if (streams >= MAX_STREAMS) throw new VigilError('VIGIL_ERR_RATE_LIMITED', `${MAX_STREAMS} live streams are open`);
      const repo = alertRepo(store);
      const resume = Number(req.headers['last-event-id']);
      let after = Number.isInteger(resume) && resume >= 0 ? resume : await repo.lastDeliveryId();
      streams++;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.write(': vigil alert stream\n\n');
      let closed = false;
      let lastWrite = Date.now();
      const tick = async () => {
        if (closed) return;
        try {
          for (const d of await repo.deliveriesAfter(after, 200)) {
            // JSON on one data line: no newline of report text can break the event framing.
            res.write(`id: ${d.id}\nevent: delivery\ndata: ${JSON.stringify({ ...d.payload, deliveryId: d.id, alert: d.alertName })}\n\n`);
            after = d.id;
            lastWrite = Date.now();
          }
          if (Date.now() - lastWrite > HEARTBEAT_MS) {
            res.write(': keep-alive\n\n');
            lastWrite = Date.now();
          }
        } catch {
          // store busy: next tick
        }
        if (!closed) timer = setTimeout(tick, STREAM_POLL_MS);
      };
      let timer = setTimeout(tick, 0);
      req.raw.on('close', () => {
        closed = true;
        clearTimeout(timer);
        streams--;
      });
    },
  });

  const SourceBody = z.object({ url: z.string().url().max(2000).regex(/^https?:\/\//i), everySeconds: z.number().int().min(10).max(7 * 86400).default(300) }).strict();

  ctx.route({
    method: 'GET', url: '/api/watch/sources', tag: 'watch', access: 'admin',
    summary: 'Watched sources with their health: last success, last error, consecutive failures, items seen and new.',
    async handler() {
      return { items: await watchRepo(store).list() };
    },
  });
  ctx.route({
    method: 'POST', url: '/api/watch/sources', tag: 'watch', access: 'admin',
    summary: 'Watch a feed or page URL (folders are added from the command line only).',
    body: SourceBody,
    async handler({ body }) {
      return watchRepo(store).add(body.url, body.everySeconds);
    },
  });
  ctx.route({
    method: 'DELETE', url: '/api/watch/sources/:id', tag: 'watch', access: 'admin',
    summary: 'Stop watching a source (what it brought in stays stored).',
    params: IdParam,
    async handler({ params }) {
      if (!(await watchRepo(store).remove(String(params.id)))) throw new VigilError('VIGIL_ERR_NOT_FOUND', `watched source ${params.id}`);
      return undefined;
    },
  });
}

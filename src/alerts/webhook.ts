/**
 * Webhook delivery: one POST of the JSON payload, signed with HMAC-SHA256.
 *
 * Headers (receivers verify the signature over `${timestamp}.${body}` with the alert's secret, reject
 * old timestamps, and may drop a repeated X-Vigil-Delivery id):
 *   X-Vigil-Delivery: <delivery id>     X-Vigil-Timestamp: <unix seconds>
 *   X-Vigil-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>
 *
 * The target obeys ingest's private-address rule (src/ingest/net.ts): its host is resolved, every
 * address checked, and the socket pinned to the checked address; redirects are not followed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { VigilError } from '../errors/catalogue.js';
import { resolvePublicAddress } from '../ingest/net.js';
import { VERSION } from '../version.js';

export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** For receivers (and tests): true when `header` is the signature of `body` at `timestamp`. */
export function verifySignature(secret: string, timestamp: string, body: string, header: string): boolean {
  const want = Buffer.from(signature(secret, timestamp, body));
  const got = Buffer.from(header);
  return want.length === got.length && timingSafeEqual(want, got);
}

export interface WebhookOptions {
  allowPrivate: boolean;
  timeoutMs: number;
}

/** POST `body` to `url`; resolves on a 2xx answer, throws VIGIL_ERR_WEBHOOK_FAILED (or the private-address error) otherwise. */
export async function postWebhook(url: string, secret: string, deliveryId: number, body: string, opts: WebhookOptions): Promise<number> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new VigilError('VIGIL_ERR_UNSUPPORTED_URL', url);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new VigilError('VIGIL_ERR_UNSUPPORTED_URL', url);
  const pinned = await resolvePublicAddress(u.hostname, opts.allowPrivate);
  const lookup = ((_h: string, o: { all?: boolean }, cb: (...a: unknown[]) => void) => {
    if (o && o.all) cb(null, [{ address: pinned.address, family: pinned.family }]);
    else cb(null, pinned.address, pinned.family);
  }) as unknown as LookupFunction;
  const ts = String(Math.floor(Date.now() / 1000));
  const payload = Buffer.from(body, 'utf8');
  const mod = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let done = false;
    const fail = (msg: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      reject(new VigilError('VIGIL_ERR_WEBHOOK_FAILED', `${u.origin}${u.pathname}: ${msg}`));
    };
    const req = mod.request(u, {
      method: 'POST', lookup, agent: false,
      headers: {
        'content-type': 'application/json', 'content-length': String(payload.length),
        'user-agent': `Vigil/${VERSION} (alerts)`,
        'x-vigil-delivery': String(deliveryId), 'x-vigil-timestamp': ts, 'x-vigil-signature': signature(secret, ts, body),
      },
    }, (res) => {
      res.resume();
      res.on('end', () => {
        if (done) return;
        const st = res.statusCode ?? 0;
        if (st >= 200 && st < 300) {
          done = true;
          clearTimeout(timer);
          resolve(st);
        } else fail(`HTTP ${st}`);
      });
      res.on('error', (e) => fail(e.message));
    });
    const timer = setTimeout(() => fail(`no answer within ${opts.timeoutMs} ms`), opts.timeoutMs);
    req.on('error', (e) => fail(e.message));
    req.end(payload);
  });
}

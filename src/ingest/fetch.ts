/**
 * SSRF-safe HTTP(S) GET. Each hop (the first URL and every redirect target) is resolved and checked
 * by `resolvePublicAddress`, and the socket connects to exactly that checked address (the `lookup`
 * hook is pinned), so DNS rebinding between check and connect cannot reach a private address.
 * Limits: total time (`timeoutMs`), decoded body size (`maxBytes`, also guards against gzip bombs),
 * number of redirects.
 */
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import type { LookupFunction } from 'node:net';
import { VigilError } from '../errors/catalogue.js';
import { VERSION } from '../version.js';
import { resolvePublicAddress } from './net.js';
import type { FetchOptions, FetchResult } from './types.js';

const REDIRECT = new Set([301, 302, 303, 307, 308]);

export async function fetchUrl(url: string, opts: FetchOptions): Promise<FetchResult> {
  const redirects: string[] = [];
  const deadline = Date.now() + opts.timeoutMs;
  let current = url;
  for (let hop = 0; ; hop++) {
    let u: URL;
    try {
      u = new URL(current);
    } catch {
      throw new VigilError('VIGIL_ERR_UNSUPPORTED_URL', current);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new VigilError('VIGIL_ERR_UNSUPPORTED_URL', current);
    if (u.username || u.password) throw new VigilError('VIGIL_ERR_UNSUPPORTED_URL', 'credentials in URLs are not accepted');
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new VigilError('VIGIL_ERR_FETCH_TIMEOUT', current);
    const pinned = await withTimeout(resolvePublicAddress(u.hostname, opts.allowPrivate || (opts.allowHosts ?? []).includes(u.hostname)), remaining, current);
    const res = await requestOnce(u, pinned, { ...opts, timeoutMs: deadline - Date.now() });
    if (REDIRECT.has(res.status) && res.headers.location) {
      if (hop >= opts.maxRedirects) throw new VigilError('VIGIL_ERR_FETCH_FAILED', `more than ${opts.maxRedirects} redirects from ${url}`);
      const next = new URL(res.headers.location, u).toString();
      redirects.push(next);
      current = next;
      continue;
    }
    // A conditional GET (opts.headers with If-None-Match / If-Modified-Since, used by `vigil watch`) may get 304.
    if (res.status === 304 && opts.headers) return { finalUrl: current, status: 304, headers: res.headers, body: Buffer.alloc(0), redirects };
    if (res.status < 200 || res.status > 299) throw new VigilError('VIGIL_ERR_FETCH_FAILED', `HTTP ${res.status} from ${current}`);
    return { finalUrl: current, status: res.status, headers: res.headers, body: res.body, redirects };
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, url: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new VigilError('VIGIL_ERR_FETCH_TIMEOUT', url)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });
}

function requestOnce(
  u: URL,
  pinned: { address: string; family: 4 | 6 },
  opts: FetchOptions,
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  // Answer every lookup of this request with the address that was checked.
  const lookup = ((_host: string, o: { all?: boolean }, cb: (...a: unknown[]) => void) => {
    if (o && o.all) cb(null, [{ address: pinned.address, family: pinned.family }]);
    else cb(null, pinned.address, pinned.family);
  }) as unknown as LookupFunction;
  const mod = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let done = false;
    const fail = (e: unknown) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      reject(e instanceof VigilError ? e : new VigilError('VIGIL_ERR_FETCH_FAILED', `${u.toString()}: ${(e as Error)?.message ?? e}`));
    };
    const req = mod.request(
      u,
      {
        method: 'GET',
        lookup,
        agent: false,
        headers: {
          'user-agent': opts.userAgent ?? `Vigil/${VERSION} (conflict-event monitor)`,
          accept: 'text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5',
          'accept-encoding': 'gzip, deflate, br',
          ...(opts.headers ?? {}),
        },
      },
      (res) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
        const status = res.statusCode ?? 0;
        if (REDIRECT.has(status)) {
          res.resume();
          done = true;
          clearTimeout(timer);
          resolve({ status, headers, body: Buffer.alloc(0) });
          return;
        }
        const declared = Number(headers['content-length']);
        if (Number.isFinite(declared) && declared > opts.maxBytes) {
          fail(new VigilError('VIGIL_ERR_TOO_LARGE', `${u.toString()} declares ${declared} bytes > limits.maxFetchBytes ${opts.maxBytes} (VIGIL_MAX_FETCH_BYTES)`));
          return;
        }
        const enc = (headers['content-encoding'] ?? '').toLowerCase();
        const stream =
          enc === 'gzip' || enc === 'x-gzip' ? res.pipe(zlib.createGunzip()) :
          enc === 'deflate' ? res.pipe(zlib.createInflate()) :
          enc === 'br' ? res.pipe(zlib.createBrotliDecompress()) : res;
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (c: Buffer) => {
          size += c.length;
          if (size > opts.maxBytes) fail(new VigilError('VIGIL_ERR_TOO_LARGE', `${u.toString()}: body over limits.maxFetchBytes ${opts.maxBytes} bytes (VIGIL_MAX_FETCH_BYTES)`));
          else chunks.push(c);
        });
        stream.on('error', fail);
        res.on('error', fail);
        stream.on('end', () => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          resolve({ status, headers, body: Buffer.concat(chunks) });
        });
      },
    );
    const timer = setTimeout(() => fail(new VigilError('VIGIL_ERR_FETCH_TIMEOUT', u.toString())), Math.max(1, opts.timeoutMs));
    req.on('error', fail);
    req.end();
  });
}

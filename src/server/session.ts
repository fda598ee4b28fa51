/**
 * Who is calling: a Bearer API token (scripts) or a session cookie (the web app), looked up in the
 * store by SHA-256 of the secret. CSRF: cookie-authenticated writes must echo the session's CSRF token
 * in `X-CSRF-Token` (synchronizer token); before login, the token is a double-submit pair (an HttpOnly
 * cookie set by GET /api/auth/csrf and the same value in the header). API-token calls need no CSRF
 * token: browsers never attach Authorization headers on their own.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { VigilError } from '../errors/catalogue.js';
import type { Store, UserRow } from '../store/types.js';
import { TOKEN_PREFIX, safeEqual, sha256, type AuthContext, type AuthUser } from './auth.js';

export const SESSION_COOKIE = 'vigil_session';
export const CSRF_COOKIE = 'vigil_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface ServerAuthContext extends AuthContext {
  /** The session's CSRF token (session auth only). */
  csrfToken?: string;
}

export function toAuthUser(u: UserRow): AuthUser {
  return { id: String(u.id), name: u.name, role: u.role };
}

/**
 * Short-lived cache of credential lookups, so that a script hammering the API does not cost one
 * database read (and a lastUsedAt write) per request. Logout and token revocation through this server
 * evict at once; changes made by another process take effect within `ttlMs`.
 */
export class AuthCache {
  private readonly entries = new Map<string, { at: number; ctx: ServerAuthContext | null }>();
  constructor(private readonly ttlMs = 10_000, private readonly maxEntries = 10_000) {}
  get(key: string): ServerAuthContext | null | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (Date.now() - e.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e.ctx;
  }
  set(key: string, ctx: ServerAuthContext | null): void {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { at: Date.now(), ctx });
  }
  delete(key: string): void {
    this.entries.delete(key);
  }
  clear(): void {
    this.entries.clear();
  }
}

export function makeAuthenticator(store: Store, cache: AuthCache) {
  return async function authenticate(req: FastifyRequest): Promise<ServerAuthContext | null> {
    const memo = (req as FastifyRequest & { vigilAuth?: ServerAuthContext | null }).vigilAuth;
    if (memo !== undefined) return memo;
    let ctx: ServerAuthContext | null = null;
    const header = req.headers.authorization;
    if (header !== undefined) {
      const m = /^Bearer\s+(\S{1,200})$/i.exec(header);
      if (!m || !m[1].startsWith(TOKEN_PREFIX)) throw new VigilError('VIGIL_ERR_UNAUTHENTICATED', 'malformed Authorization header');
      const key = 't:' + sha256(m[1]);
      const cached = cache.get(key);
      if (cached !== undefined) ctx = cached;
      else {
        const found = await store.getApiToken(sha256(m[1]));
        ctx = found ? { user: toAuthUser(found.user), via: 'token' } : null;
        cache.set(key, ctx);
      }
      // A wrong token is an error, not "anonymous": never fall back to the cookie.
      if (!ctx) throw new VigilError('VIGIL_ERR_UNAUTHENTICATED', 'unknown or revoked API token');
    } else {
      const sid = req.cookies?.[SESSION_COOKIE];
      if (sid && sid.length <= 200) {
        const hash = sha256(sid);
        const key = 's:' + hash;
        const cached = cache.get(key);
        if (cached !== undefined) ctx = cached;
        else {
          const found = await store.getSession(hash);
          ctx = found ? { user: toAuthUser(found.user), via: 'session', sessionHash: hash, csrfToken: found.session.csrfToken } : null;
          // Sessions expire: cache only briefly so expiry is honoured within a second.
          if (found && Date.parse(found.session.expiresAt) - Date.now() > 2_000) cache.set(key, ctx);
        }
      }
    }
    (req as FastifyRequest & { vigilAuth?: ServerAuthContext | null }).vigilAuth = ctx;
    return ctx;
  };
}

export function checkCsrf(req: FastifyRequest, auth: ServerAuthContext | null): void {
  if (auth?.via === 'token') return;
  const sent = req.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || sent.length === 0 || sent.length > 200) throw new VigilError('VIGIL_ERR_CSRF', 'X-CSRF-Token header missing');
  const expected = auth?.via === 'session' ? auth.csrfToken : req.cookies?.[CSRF_COOKIE];
  if (!expected || !safeEqual(sent, expected)) throw new VigilError('VIGIL_ERR_CSRF', 'X-CSRF-Token does not match');
}

export function cookieOptions(req: FastifyRequest, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: req.protocol === 'https',
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  };
}

export function clearCookie(reply: FastifyReply, req: FastifyRequest, name: string): void {
  reply.clearCookie(name, cookieOptions(req));
}

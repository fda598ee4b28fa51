/** /api/auth: csrf, login, logout, me. */
import { z } from 'zod';
import { VigilError } from '../../errors/catalogue.js';
import type { ServerContext } from '../app.js';
import { dummyPasswordHash, MAX_PASSWORD_CHARS, randomSecret, sha256, verifyPassword } from '../auth.js';
import { clearCookie, cookieOptions, CSRF_COOKIE, SESSION_COOKIE, toAuthUser, type ServerAuthContext } from '../session.js';
import { MeSchema, UserNameSchema } from '../dto.js';

export function authRoutes(ctx: ServerContext): void {
  const { store, config } = ctx;

  ctx.route({
    method: 'GET',
    url: '/api/auth/csrf',
    tag: 'auth',
    summary: 'A CSRF token to send as X-CSRF-Token (before login: also sets the double-submit cookie).',
    access: 'public',
    response: z.object({ csrfToken: z.string() }),
    async handler({ req, reply, auth }) {
      const a = auth as ServerAuthContext | null;
      if (a?.via === 'session' && a.csrfToken) return { csrfToken: a.csrfToken };
      const existing = req.cookies[CSRF_COOKIE];
      const token = existing && /^[A-Za-z0-9_-]{20,100}$/.test(existing) ? existing : randomSecret(24);
      reply.setCookie(CSRF_COOKIE, token, cookieOptions(req, 3600));
      return { csrfToken: token };
    },
  });

  ctx.route({
    method: 'POST',
    url: '/api/auth/login',
    tag: 'auth',
    summary: 'Log in with user name and password; sets an HttpOnly session cookie. Rate-limited per client.',
    access: 'public',
    body: z.object({ username: UserNameSchema, password: z.string().min(1).max(MAX_PASSWORD_CHARS) }).strict(),
    response: MeSchema,
    before(req, reply) {
      if (!ctx.loginLimiter.take(req.ip)) {
        reply.header('retry-after', String(ctx.loginLimiter.retryAfterSeconds(req.ip)));
        throw new VigilError('VIGIL_ERR_RATE_LIMITED', `at most ${config.server.loginAttemptsPerMinute} login attempts per minute`);
      }
    },
    async handler({ req, reply, body }) {
      const user = await store.getUserByName(body.username);
      // Verify against a dummy hash for unknown users so the answer takes the same time.
      const ok = await verifyPassword(body.password, user?.passwordHash ?? (await dummyPasswordHash()));
      if (!user || !ok || user.disabled) {
        req.log.info({ user: body.username.slice(0, 64), ip: req.ip }, 'login failed');
        throw new VigilError('VIGIL_ERR_BAD_CREDENTIALS');
      }
      const sid = randomSecret(32);
      const csrfToken = randomSecret(24);
      const ttl = config.server.sessionTtlSeconds;
      await store.createSession({ id: sha256(sid), userId: user.id, csrfToken, expiresAt: new Date(Date.now() + ttl * 1000).toISOString() });
      reply.setCookie(SESSION_COOKIE, sid, cookieOptions(req, ttl));
      clearCookie(reply, req, CSRF_COOKIE);
      req.log.info({ user: user.name }, 'login');
      return { user: toAuthUser(user), csrfToken };
    },
  });

  ctx.route({
    method: 'POST',
    url: '/api/auth/logout',
    tag: 'auth',
    summary: 'End the session (deletes it server-side and clears the cookie).',
    access: 'viewer',
    async handler({ req, reply, auth }) {
      const a = auth as ServerAuthContext;
      if (a.via === 'session' && a.sessionHash) {
        await store.deleteSession(a.sessionHash);
        ctx.authCache.delete('s:' + a.sessionHash);
      }
      clearCookie(reply, req, SESSION_COOKIE);
      return undefined;
    },
  });

  ctx.route({
    method: 'GET',
    url: '/api/auth/me',
    tag: 'auth',
    summary: 'The logged-in user and the CSRF token for this session.',
    access: 'viewer',
    response: MeSchema,
    async handler({ auth }) {
      const a = auth as ServerAuthContext;
      return { user: a.user, csrfToken: a.csrfToken ?? '' };
    },
  });
}

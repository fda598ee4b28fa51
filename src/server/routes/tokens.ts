/** /api/tokens: API tokens for scripts (`Authorization: Bearer vgl_...`). The secret is shown once. */
import { z } from 'zod';
import { VigilError } from '../../errors/catalogue.js';
import type { ServerContext } from '../app.js';
import { newApiToken, sha256 } from '../auth.js';
import { IdParam } from '../dto.js';
import type { ServerAuthContext } from '../session.js';

const TokenSchema = z.object({ id: z.number().int(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() });

export function tokenRoutes(ctx: ServerContext): void {
  const { store } = ctx;
  ctx.route({
    method: 'GET',
    url: '/api/tokens',
    tag: 'tokens',
    summary: 'Your API tokens (never their secrets).',
    access: 'viewer',
    response: z.object({ items: z.array(TokenSchema) }),
    async handler({ auth }) {
      const rows = await store.listApiTokens(Number((auth as ServerAuthContext).user.id));
      return { items: rows.map(({ id, name, createdAt, lastUsedAt, revokedAt }) => ({ id, name, createdAt, lastUsedAt, revokedAt })) };
    },
  });
  ctx.route({
    method: 'POST',
    url: '/api/tokens',
    tag: 'tokens',
    summary: 'Create an API token with your own role. The token is in the answer once; store it safely.',
    access: 'viewer',
    body: z.object({ name: z.string().trim().min(1).max(100) }).strict(),
    response: TokenSchema.extend({ token: z.string() }),
    async handler({ body, auth, reply }) {
      const token = newApiToken();
      const row = await store.createApiToken({ userId: Number((auth as ServerAuthContext).user.id), name: body.name, tokenHash: sha256(token) });
      reply.code(201);
      return { id: row.id, name: row.name, createdAt: row.createdAt, lastUsedAt: row.lastUsedAt, revokedAt: row.revokedAt, token };
    },
  });
  ctx.route({
    method: 'DELETE',
    url: '/api/tokens/:id',
    tag: 'tokens',
    summary: 'Revoke one of your API tokens (admins: any token).',
    access: 'viewer',
    params: IdParam,
    async handler({ params, auth }) {
      const a = auth as ServerAuthContext;
      const own = await store.listApiTokens(Number(a.user.id));
      let found = own.some((t) => t.id === params.id);
      if (!found && a.user.role === 'admin') {
        for (const u of await store.listUsers()) {
          if ((await store.listApiTokens(u.id)).some((t) => t.id === params.id)) {
            found = true;
            break;
          }
        }
      }
      if (!found) throw new VigilError('VIGIL_ERR_NOT_FOUND', `token ${params.id}`);
      await store.revokeApiToken(params.id);
      // Revocation must bite at once: drop every cached credential lookup.
      ctx.authCache.clear();
      return undefined;
    },
  });
}

/** /api/users (admin only): accounts and roles. */
import { z } from 'zod';
import { VigilError } from '../../errors/catalogue.js';
import type { Role } from '../../store/types.js';
import type { ServerContext } from '../app.js';
import { hashPassword, MAX_PASSWORD_CHARS } from '../auth.js';
import { IdParam, RoleSchema, UserNameSchema } from '../dto.js';
import type { ServerAuthContext } from '../session.js';

/** Shortest password accepted for new accounts. */
export const MIN_PASSWORD_CHARS = 10;
const password = z.string().min(MIN_PASSWORD_CHARS).max(MAX_PASSWORD_CHARS);
const UserSchema = z.object({ id: z.number().int(), name: z.string(), role: RoleSchema, disabled: z.boolean(), createdAt: z.string() });

export function userRoutes(ctx: ServerContext): void {
  const { store } = ctx;
  ctx.route({
    method: 'GET',
    url: '/api/users',
    tag: 'users',
    summary: 'All accounts.',
    access: 'admin',
    response: z.object({ items: z.array(UserSchema) }),
    async handler() {
      return { items: await store.listUsers() };
    },
  });
  ctx.route({
    method: 'POST',
    url: '/api/users',
    tag: 'users',
    summary: `Create an account (password at least ${MIN_PASSWORD_CHARS} characters).`,
    access: 'admin',
    body: z.object({ name: UserNameSchema, role: RoleSchema, password }).strict(),
    response: UserSchema,
    async handler({ body, reply }) {
      if (await store.getUserByName(body.name)) throw new VigilError('VIGIL_ERR_CONFLICT', `user ${body.name} exists`);
      const u = await store.createUser({ name: body.name, role: body.role as Role, passwordHash: await hashPassword(body.password) });
      reply.code(201);
      return u;
    },
  });
  ctx.route({
    method: 'PATCH',
    url: '/api/users/:id',
    tag: 'users',
    summary: 'Change role, password or disabled flag. Admins cannot demote or disable themselves.',
    access: 'admin',
    params: IdParam,
    body: z
      .object({ role: RoleSchema.optional(), password: password.optional(), disabled: z.boolean().optional() })
      .strict()
      .refine((b) => Object.keys(b).length > 0, 'nothing to change'),
    response: UserSchema,
    async handler({ params, body, auth }) {
      const a = auth as ServerAuthContext;
      if (!(await store.getUser(params.id))) throw new VigilError('VIGIL_ERR_NOT_FOUND', `user ${params.id}`);
      if (String(params.id) === a.user.id && ((body.role && body.role !== 'admin') || body.disabled)) {
        throw new VigilError('VIGIL_ERR_CONFLICT', 'you cannot demote or disable your own account; ask another admin');
      }
      const patch: { role?: Role; disabled?: boolean; passwordHash?: string } = {};
      if (body.role) patch.role = body.role as Role;
      if (body.disabled !== undefined) patch.disabled = body.disabled;
      if (body.password) patch.passwordHash = await hashPassword(body.password);
      const u = await store.updateUser(params.id, patch);
      ctx.authCache.clear();
      return u;
    },
  });
}

/** /api/sources: publishers and channels, and their kind (which drives the corroboration grade). */
import { z } from 'zod';
import { VigilError } from '../../errors/catalogue.js';
import type { SourceKind } from '../../store/types.js';
import type { ServerContext } from '../app.js';
import { IdParam, SourceKindSchema } from '../dto.js';
import type { ServerAuthContext } from '../session.js';

const SourceSchema = z.object({ id: z.number().int(), name: z.string(), kind: SourceKindSchema, url: z.string().nullable(), documentCount: z.number().int(), createdAt: z.string(), updatedAt: z.string() });

export function sourceRoutes(ctx: ServerContext): void {
  const { store } = ctx;
  ctx.route({
    method: 'GET',
    url: '/api/sources',
    tag: 'sources',
    summary: 'All sources with their kind and document count.',
    access: 'viewer',
    response: z.object({ items: z.array(SourceSchema) }),
    async handler() {
      return { items: await store.listSources() };
    },
  });
  ctx.route({
    method: 'GET',
    url: '/api/sources/:id',
    tag: 'sources',
    summary: 'One source.',
    access: 'viewer',
    params: IdParam,
    response: SourceSchema,
    async handler({ params }) {
      const s = await store.getSource(params.id);
      if (!s) throw new VigilError('VIGIL_ERR_NOT_FOUND', `source ${params.id}`);
      return s;
    },
  });
  ctx.route({
    method: 'PATCH',
    url: '/api/sources/:id',
    tag: 'sources',
    summary: "Change a source's kind (official, independent-media, social-media, observer, ngo, unknown); grades are recomputed.",
    access: 'analyst',
    params: IdParam,
    body: z.object({ kind: SourceKindSchema, note: z.string().max(2000).optional() }).strict(),
    response: SourceSchema,
    async handler({ params, body, auth }) {
      const a = auth as ServerAuthContext;
      if (!(await store.getSource(params.id))) throw new VigilError('VIGIL_ERR_NOT_FOUND', `source ${params.id}`);
      return store.setSourceKind(params.id, body.kind as SourceKind, { userName: a.user.name, userId: Number(a.user.id), note: body.note ?? null });
    },
  });
}

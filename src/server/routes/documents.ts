/** /api/documents: stored reports, their analysis text, original bytes and custody log. */
import { z } from 'zod';
import { VigilError } from '../../errors/catalogue.js';
import type { ServerContext } from '../app.js';
import { DocumentSchema, IdParam, documentDto, page, pageSchema } from '../dto.js';
import { limitParam } from '../http.js';

export function documentRoutes(ctx: ServerContext): void {
  const { store } = ctx;

  ctx.route({
    method: 'GET',
    url: '/api/documents',
    tag: 'documents',
    summary: 'List stored documents (newest first), without their text.',
    access: 'viewer',
    query: z.object({ source: z.coerce.number().int().positive().optional(), limit: limitParam(1000, 100), cursor: z.string().max(500).optional() }).strict(),
    response: pageSchema(DocumentSchema),
    async handler({ query }) {
      return page(await store.listDocuments({ sourceId: query.source, limit: query.limit, cursor: query.cursor }), documentDto);
    },
  });

  ctx.route({
    method: 'GET',
    url: '/api/documents/:id',
    tag: 'documents',
    summary: 'One document with its analysis text (the text evidence spans refer to) and provenance.',
    access: 'viewer',
    params: IdParam,
    response: DocumentSchema.extend({
      original: z.object({ sha256: z.string(), size: z.number(), mediaType: z.string(), capturedAt: z.string(), sourceUrl: z.string().nullable(), tool: z.string(), toolVersion: z.string() }).nullable(),
    }),
    async handler({ params }) {
      const doc = await store.getDocument(params.id, { withText: true });
      if (!doc) throw new VigilError('VIGIL_ERR_NOT_FOUND', `document ${params.id}`);
      const orig = await store.getOriginal(params.id);
      return {
        ...documentDto(doc),
        original: orig
          ? { sha256: orig.sha256, size: orig.size, mediaType: orig.mediaType, capturedAt: orig.capturedAt, sourceUrl: orig.sourceUrl, tool: orig.tool, toolVersion: orig.toolVersion }
          : null,
      };
    },
  });

  ctx.route({
    method: 'GET',
    url: '/api/documents/:id/original',
    tag: 'documents',
    summary: 'The original bytes exactly as captured, as a download (never rendered by the browser).',
    access: 'viewer',
    params: IdParam,
    produces: ['application/octet-stream'],
    async handler({ params, reply }) {
      const orig = await store.getOriginal(params.id);
      if (!orig) throw new VigilError('VIGIL_ERR_NOT_FOUND', `original of document ${params.id}`);
      // Untrusted bytes (maybe HTML with scripts): force a download, and a sandbox CSP in case it is opened.
      reply
        .type('application/octet-stream')
        .header('content-disposition', `attachment; filename="document-${params.id}.bin"`)
        .header('x-vigil-sha256', orig.sha256)
        .header('content-security-policy', "sandbox; default-src 'none'");
      return reply.send(orig.bytes);
    },
  });

  ctx.route({
    method: 'GET',
    url: '/api/documents/:id/custody',
    tag: 'documents',
    summary: 'The append-only chain-of-custody log of a document.',
    access: 'viewer',
    params: IdParam,
    query: z.object({ limit: limitParam(1000, 200) }).strict(),
    response: z.object({ items: z.array(z.object({ id: z.number(), action: z.string(), actor: z.string(), at: z.string(), sha256: z.string().nullable(), detail: z.unknown() })) }),
    async handler({ params, query }) {
      const doc = await store.getDocument(params.id);
      if (!doc) throw new VigilError('VIGIL_ERR_NOT_FOUND', `document ${params.id}`);
      return { items: await store.listCustody({ documentId: params.id, limit: query.limit }) };
    },
  });
}

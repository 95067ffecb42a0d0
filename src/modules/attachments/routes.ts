import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Invalid } from '../../lib/errors.js';
import { contextOf } from '../../server/context.js';
import { errorResponses } from '../../server/problem.js';
import { recordIdSchema } from '../records/fields.js';
import { attachmentSchema } from '../sources/schema.js';
import type { AttachmentService } from './service.js';

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256');

/** Upload and download of source files; multipart is accepted here and nowhere else. */
export function attachmentRoutes(attachments: AttachmentService, maxUploadBytes: number) {
  return async (app: FastifyInstance) => {
    await app.register(multipart, {
      limits: { fileSize: maxUploadBytes, files: 1, fields: 10, parts: 12 },
    });
    const routes = app.withTypeProvider<ZodTypeProvider>();

    routes.post(
      '/api/v1/sources/:id/attachments',
      {
        schema: {
          tags: ['Sources'],
          operationId: 'uploadSourceAttachment',
          summary: 'Attach a file (multipart/form-data, field "file"); answers with its SHA-256',
          consumes: ['multipart/form-data'],
          params: z.object({ id: recordIdSchema }),
          response: { 200: attachmentSchema, 201: attachmentSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const file = await request.file();
        if (!file) {
          throw new Invalid([{ field: 'file', reason: 'no file was sent', code: 'file_required' }]);
        }
        const { attachment, created } = await attachments.upload(
          contextOf(request),
          request.params.id,
          { stream: file.file, filename: file.filename, mediaType: file.mimetype },
        );
        return reply.code(created ? 201 : 200).send(attachment);
      },
    );

    routes.get(
      '/api/v1/sources/:id/attachments/:sha256',
      {
        schema: {
          tags: ['Sources'],
          operationId: 'downloadSourceAttachment',
          summary: 'Download a file, verified against its SHA-256 before a byte is sent',
          params: z.object({ id: recordIdSchema, sha256: sha256Schema }),
          response: errorResponses,
        },
      },
      async (request, reply) => {
        const { attachment, stream } = await attachments.open(
          contextOf(request),
          request.params.id,
          request.params.sha256,
        );
        return reply
          .type(attachment.mediaType)
          .header('content-length', attachment.size)
          .header(
            'content-disposition',
            `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
          )
          .header('x-content-sha256', attachment.sha256)
          .header(
            'repr-digest',
            `sha-256=:${Buffer.from(attachment.sha256, 'hex').toString('base64')}:`,
          )
          .header('x-content-type-options', 'nosniff')
          .send(stream as never);
      },
    );
  };
}

import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { SwaggerTransform } from '@fastify/swagger';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Invalid } from '../../lib/errors.js';
import { contextOf } from '../../server/context.js';
import { errorResponses, problemSchema } from '../../server/problem.js';
import { recordIdSchema } from '../records/fields.js';
import { attachmentSchema } from '../sources/schema.js';
import type { AttachmentService } from './service.js';

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256');

/**
 * The bytes of an uploaded file, failing at the end if the size limit cut it short: busboy ends
 * a file stream at the limit as though the file were whole, marking it only as `truncated`.
 */
async function* whole(file: Readable & { truncated: boolean }, tooLarge: () => Error) {
  for await (const chunk of file) yield chunk as Buffer;
  if (file.truncated) throw tooLarge();
}

/**
 * Adds to a route's OpenAPI entry what its zod schemas cannot say: a multipart body is read by
 * the handler rather than validated, and a download answers with the file itself.
 */
function documented(add: (schema: FastifySchema) => FastifySchema): SwaggerTransform {
  return (input) => {
    const { schema, url } = jsonSchemaTransform(input);
    return { url, schema: add(schema) };
  };
}

const uploadBody = {
  type: 'object',
  required: ['file'],
  properties: {
    file: {
      type: 'string',
      format: 'binary',
      contentMediaType: 'application/octet-stream',
      description: 'the file; its content must match its declared type',
    },
  },
};

const downloadResponse = {
  description: 'the file, byte for byte, after its SHA-256 was checked',
  content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
  headers: {
    'x-content-sha256': { type: 'string', description: 'SHA-256 of the content, lowercase hex' },
    'repr-digest': { type: 'string', description: 'the same hash as an RFC 9530 digest' },
    'content-disposition': { type: 'string', description: 'the filename given at upload' },
  },
};

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
        config: { swaggerTransform: documented((schema) => ({ ...schema, body: uploadBody })) },
      },
      async (request, reply) => {
        const file = await request.file();
        if (!file) {
          throw new Invalid([{ field: 'file', reason: 'no file was sent', code: 'file_required' }]);
        }
        const tooLarge = () => new app.multipartErrors.RequestFileTooLargeError();
        const { attachment, created } = await attachments.upload(
          contextOf(request),
          request.params.id,
          {
            stream: Readable.from(whole(file.file, tooLarge), { objectMode: false }),
            filename: file.filename,
            mediaType: file.mimetype,
          },
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
          response: { ...errorResponses, 500: problemSchema },
        },
        config: {
          swaggerTransform: documented((schema) => ({
            ...schema,
            response: { 200: downloadResponse, ...(schema.response as object) },
          })),
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

import type { FastifyReply } from 'fastify';
import type { z } from 'zod';

/**
 * What the type provider's serializer would send, for a response that is kept: the value
 * checked against its response schema (which drops any field the schema does not name), as
 * JSON, encoded once. A kept string would be encoded again for every response that sends it
 * (a sixth of the time of serving a cached 20 kB dossier).
 */
export const schemaJson =
  <S extends z.ZodType>(schema: S) =>
  (value: z.input<S>): Buffer =>
    Buffer.from(JSON.stringify(schema.parse(value)));

/** Sends JSON made by `schemaJson` as it is (Fastify sends a buffer unserialised). */
export const sendJson = (reply: FastifyReply, json: Buffer) =>
  reply.type('application/json; charset=utf-8').send(json as never);

import type { FastifyReply } from 'fastify';
import type { z } from 'zod';

/**
 * What the type provider's serializer would send, for a response kept as text: the value
 * checked against its response schema (which drops any field the schema does not name), as
 * JSON.
 */
export const schemaJson =
  <S extends z.ZodType>(schema: S) =>
  (value: z.input<S>): string =>
    JSON.stringify(schema.parse(value));

/** Sends JSON text made by `schemaJson` as it is (Fastify sends a string unserialised). */
export const sendJsonText = (reply: FastifyReply, json: string) =>
  reply.type('application/json; charset=utf-8').send(json as never);

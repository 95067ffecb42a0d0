import type { SwaggerTransform } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/**
 * A route answering with a file says so in the OpenAPI document, which its zod schemas cannot:
 * the 200 response is the file in one of the listed media types.
 */
export function downloadDocumented(description: string, mediaTypes: string[]): SwaggerTransform {
  return (input) => {
    const { schema, url } = jsonSchemaTransform(input);
    const content = Object.fromEntries(
      mediaTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
    );
    const file = {
      description,
      content,
      headers: {
        'content-disposition': { type: 'string', description: 'the suggested file name' },
      },
    };
    return { url, schema: { ...schema, response: { 200: file, ...(schema.response as object) } } };
  };
}

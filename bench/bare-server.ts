import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

/**
 * The baseline for the dossier figure: a bare Fastify route answering with the very bytes the
 * real endpoint returned, so the ratio shows what the application adds to the framework.
 * Usage: bare-server.ts <file> <port>
 */
const [file, port] = process.argv.slice(2);
const body = readFileSync(file as string);
const app = Fastify({ logger: false });
app.get('/bare', async (_request, reply) => reply.type('application/json').send(body));
await app.listen({ port: Number(port), host: '127.0.0.1' });
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));

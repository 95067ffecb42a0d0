import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { closeGracefully } from './shutdown.js';

async function listening(app: ReturnType<typeof Fastify>) {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

describe('closeGracefully', () => {
  it('lets a request in flight finish, then closes its keep-alive connection without cutting it', async () => {
    const app = Fastify();
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let arrived = () => {};
    const inFlight = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    app.get('/slow', async () => {
      arrived();
      await released;
      return { done: true };
    });
    const base = await listening(app);
    const agent = new http.Agent({ keepAlive: true });
    const answer = new Promise<{ status?: number; body: string }>((resolve, reject) => {
      http
        .get(`${base}/slow`, { agent }, (res) => {
          let body = '';
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode, body }));
        })
        .on('error', reject);
    });
    await inFlight;
    // The response ends after closing began, on a connection the client would keep alive.
    const closing = closeGracefully(app, 20_000);
    release();
    expect(await answer).toEqual({ status: 200, body: '{"done":true}' });
    expect(await closing).toEqual({ forced: false });
    agent.destroy();
  });

  it('cuts a connection still busy when the grace period ends', async () => {
    const app = Fastify();
    const endless = new PassThrough();
    app.get('/download', async (_request, reply) => {
      endless.write('the first bytes of a download that never ends\n');
      return reply.type('text/plain').send(endless);
    });
    const base = await listening(app);
    let started = () => {};
    const downloading = new Promise<void>((resolve) => {
      started = resolve;
    });
    const outcome = new Promise<string>((resolve) => {
      http
        .get(`${base}/download`, (res) => {
          started();
          res.on('data', () => {});
          res.on('end', () => resolve('ended'));
          res.on('close', () => resolve('cut'));
        })
        .on('error', () => resolve('cut'));
    });
    await downloading;
    expect(await closeGracefully(app, 200)).toEqual({ forced: true });
    expect(await outcome).toBe('cut');
    endless.destroy();
  });
});

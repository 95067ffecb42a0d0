import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * A strict content security policy: scripts, styles and connections only from this server, no
 * framing, no plugins. Nothing the app serves needs a third-party origin (it runs offline).
 */
const applyHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
    },
  },
  crossOriginEmbedderPolicy: false,
  referrerPolicy: { policy: 'no-referrer' },
});

/**
 * The headers helmet sets, worked out once: with no per-request nonce they are the same for
 * every response, and running helmet's thirteen middlewares on each request (and, before that,
 * the Fastify plugin that also rebuilt them, policy parse included) cost a few per cent of a
 * cached dossier's time, profiled.
 */
function helmetHeaders(): { set: [string, string][]; removed: string[] } {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const response = {
    setHeader: (name: string, value: string) => set.push([name, String(value)]),
    removeHeader: (name: string) => removed.push(name),
  };
  let finished = false;
  applyHeaders({} as never, response as never, (error) => {
    if (error) throw error;
    finished = true;
  });
  if (!finished) throw new Error('helmet did not set its headers synchronously');
  return { set, removed };
}

export function registerSecurityHeaders(app: FastifyInstance) {
  const { set, removed } = helmetHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of set) reply.raw.setHeader(name, value);
    for (const name of removed) reply.raw.removeHeader(name);
    done();
  });
}

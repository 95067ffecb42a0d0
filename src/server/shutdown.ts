import type { FastifyInstance } from 'fastify';

/** How long requests in flight may go on after a stop signal before their connections are cut. */
export const SHUTDOWN_GRACE_MS = 10_000;

export interface ShutdownReport {
  /** whether connections still busy at the end of the grace period had to be cut */
  forced: boolean;
}

/**
 * Stops accepting connections and waits for requests in flight, for at most `graceMs`.
 *
 * `app.close()` alone waits for every response to end, and a client that stops reading a
 * download (or a stream that never ends) holds its connection for as long as it likes. A stop
 * signal must stop the server in bounded time, so what is still busy at the deadline is cut.
 */
export async function closeGracefully(
  app: FastifyInstance,
  graceMs = SHUTDOWN_GRACE_MS,
): Promise<ShutdownReport> {
  const report: ShutdownReport = { forced: false };
  const deadline = setTimeout(() => {
    report.forced = true;
    app.server.closeAllConnections();
  }, graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(deadline);
  }
  return report;
}

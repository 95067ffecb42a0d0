import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * Starting and stopping a server as a real process: the bundle test, the browser harness and
 * the benchmark all do it, and each needs the same care about ports, readiness and exit.
 */

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Whether the process has ended, by exit code or by signal (exitCode stays null for a signal). */
export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function describeExit(child: ChildProcess): string {
  return child.signalCode ? `was killed by ${child.signalCode}` : `exited with ${child.exitCode}`;
}

/**
 * Polls `url` until it answers 200 and returns the milliseconds since `since` (a
 * `performance.now()` reading). Fails at once if the process ends meanwhile.
 */
export async function waitUntilAnswering(
  url: string,
  child: ChildProcess,
  options: { since?: number; timeoutMs?: number; pollMs?: number; output?: () => string } = {},
): Promise<number> {
  const since = options.since ?? performance.now();
  const deadline = since + (options.timeoutMs ?? 60_000);
  const output = () => (options.output ? `:\n${options.output()}` : '');
  while (performance.now() < deadline) {
    if (hasExited(child)) throw new Error(`the server ${describeExit(child)}${output()}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return performance.now() - since;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 20));
  }
  throw new Error(`${url} did not answer within ${options.timeoutMs ?? 60_000} ms${output()}`);
}

/**
 * Sends SIGTERM and waits for the process to end. A server that has not stopped within
 * `graceMs` is killed and the stop fails, naming it: a stop signal the server ignores is a bug
 * the caller should see, not a hook timeout.
 */
export async function stopProcess(child: ChildProcess, graceMs = 30_000): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const stopped = await Promise.race([
    exited.then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), graceMs);
    }),
  ]);
  clearTimeout(timer);
  if (!stopped) {
    child.kill('SIGKILL');
    await exited;
    throw new Error(`the server did not stop within ${graceMs} ms of SIGTERM`);
  }
}

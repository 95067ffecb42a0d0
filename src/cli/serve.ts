import { serverSettingWarnings } from '../db/server-settings.js';
import { SYSTEM_ACTOR } from '../modules/auth/policy.js';
import { isDatabaseEmpty, loadExampleData } from '../modules/demo/load.js';
import { buildApp } from '../server/app.js';
import type { Config } from '../server/config.js';
import { closeGracefully, SHUTDOWN_GRACE_MS } from '../server/shutdown.js';
import { openRuntime } from './runtime.js';

/**
 * Starts the server and stops it cleanly on SIGINT/SIGTERM, finishing requests in flight for up
 * to SHUTDOWN_GRACE_MS.
 */
export async function serve(config: Config, options: { demoIfEmpty: boolean }): Promise<void> {
  const runtime = await openRuntime(config);
  const { services } = runtime;
  for (const warning of await serverSettingWarnings(services.database)) {
    console.warn(`habeas: ${warning}`);
  }
  if (options.demoIfEmpty && (await isDatabaseEmpty(services))) {
    const { counts } = await loadExampleData(services, {
      actor: { ...SYSTEM_ACTOR, id: 'system:demo' },
    });
    console.log(`habeas: loaded the example data set (${describeCounts(counts)})`);
  }
  const admin = await services.auth.ensureInitialAdmin(config.initialAdmin);
  if (admin) {
    console.log(`habeas: created the first administrator, ${admin.user.email}`);
    if (admin.generatedPassword) {
      console.log(
        `habeas: one-time password (shown once, change it after signing in): ${admin.generatedPassword}`,
      );
    }
  }
  const app = await buildApp({ services, config });
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal is the operator saying "now": no more waiting for requests in flight.
      console.error(`habeas: ${signal} again, exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    const { forced } = await closeGracefully(app);
    if (forced) {
      console.error(
        `habeas: cut the connections still busy ${SHUTDOWN_GRACE_MS / 1000} s after ${signal}`,
      );
    }
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await app.listen({ port: config.port, host: config.host });
}

export function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([type, n]) => `${n} ${type}`)
    .join(', ');
}

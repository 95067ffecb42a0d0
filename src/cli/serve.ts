import { SYSTEM_ACTOR } from '../modules/auth/policy.js';
import { isDatabaseEmpty, loadExampleData } from '../modules/demo/load.js';
import { buildApp } from '../server/app.js';
import type { Config } from '../server/config.js';
import { openRuntime } from './runtime.js';

/** Starts the server and stops it cleanly on SIGINT/SIGTERM, finishing requests in flight. */
export async function serve(config: Config, options: { demoIfEmpty: boolean }): Promise<void> {
  const runtime = await openRuntime(config);
  const { services } = runtime;
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
  const stop = async () => {
    await app.close();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await app.listen({ port: config.port, host: config.host });
}

export function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([type, n]) => `${n} ${type}`)
    .join(', ');
}

import { writeFileSync } from 'node:fs';
import { openRuntime } from '../src/cli/runtime.js';
import { SYSTEM_ACTOR } from '../src/modules/auth/policy.js';
import { loadConfig } from '../src/server/config.js';
import { generate } from './generate.js';

const people = Number(process.argv[2] ?? 5000);
const runtime = await openRuntime(loadConfig({ ...process.env, LOG_LEVEL: 'warn' }));
const report = await generate(runtime.services, { people });
const { user } = await runtime.services.auth.createUser(SYSTEM_ACTOR, {
  email: 'bench@example.org', displayName: 'Bench', role: 'admin', clearance: 'secret',
  password: 'correct horse battery staple 42',
});
const { secret } = await runtime.services.auth.createToken(
  { id: user.id, role: 'admin', clearance: 'secret' }, { name: 'bench', scope: 'read' });
writeFileSync(`${process.env.HABEAS_DATA_DIR}/token`, secret);
writeFileSync(`${process.env.HABEAS_DATA_DIR}/person`, report.samplePersonIds[0]!);
await runtime.close();
console.log('ok', report.totalRows);

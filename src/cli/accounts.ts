import { type Command, InvalidArgumentError, Option } from 'commander';
import { NotFound } from '../lib/errors.js';
import { ROLES, SENSITIVITY_LEVELS, SYSTEM_ACTOR } from '../modules/auth/policy.js';
import type { Services } from '../modules/services.js';
import { loadConfig } from '../server/config.js';
import { openRuntime } from './runtime.js';

const CLI_ADMIN = { ...SYSTEM_ACTOR, id: 'system:cli' };

async function withServices<T>(work: (services: Services) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(loadConfig());
  try {
    return await work(runtime.services);
  } finally {
    await runtime.close();
  }
}

async function userByEmail(services: Services, email: string) {
  const found = await services.auth.findUserByEmail(email);
  if (!found) throw new NotFound(`no account with email ${email}`);
  return found;
}

function parseHead(value: string): { seq: number; hash: string } {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(value);
  if (!match) throw new InvalidArgumentError('must be SEQ:HASH as printed by `habeas verify`');
  return { seq: Number(match[1]), hash: match[2]! };
}

/** `habeas user …`, `habeas token create` and `habeas verify`. */
export function registerAccountCommands(program: Command) {
  const user = program.command('user').description('manage accounts');

  user
    .command('add')
    .description('create an account; prints a one-time password unless HABEAS_NEW_PASSWORD is set')
    .requiredOption('--email <email>', 'sign-in email')
    .option('--name <name>', 'display name (default: the email)')
    .addOption(new Option('--role <role>', 'role').choices(ROLES).makeOptionMandatory())
    .addOption(
      new Option('--clearance <level>', 'highest sensitivity the account may read')
        .choices(SENSITIVITY_LEVELS)
        .makeOptionMandatory(),
    )
    .action(async (options: { email: string; name?: string; role: string; clearance: string }) => {
      await withServices(async (services) => {
        const { user: created, generatedPassword } = await services.auth.createUser(CLI_ADMIN, {
          email: options.email,
          displayName: options.name ?? options.email,
          role: options.role,
          clearance: options.clearance,
          password: process.env.HABEAS_NEW_PASSWORD,
        });
        console.log(
          `habeas: created ${created.email} (${created.role}, clearance ${created.clearance})`,
        );
        if (generatedPassword) console.log(`one-time password (shown once): ${generatedPassword}`);
      });
    });

  user
    .command('list')
    .description('list accounts')
    .action(async () => {
      await withServices(async (services) => {
        for (const u of await services.auth.listUsers(CLI_ADMIN)) {
          const state = u.disabled
            ? 'disabled'
            : u.lockedUntil
              ? `locked until ${u.lockedUntil}`
              : 'active';
          console.log(`${u.email}\t${u.role}\t${u.clearance}\t${state}`);
        }
      });
    });

  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user
      .command(`${name} <email>`)
      .description(`${name} an account${disabled ? ' and end its sessions' : ''}`)
      .action(async (email: string) => {
        await withServices(async (services) => {
          const found = await userByEmail(services, email);
          await services.auth.updateUser(CLI_ADMIN, found.user.id, { disabled });
          console.log(`habeas: ${email} ${disabled ? 'disabled' : 'enabled'}`);
        });
      });
  }

  user
    .command('reset <email>')
    .description('issue a new one-time password, ending the account’s sessions')
    .action(async (email: string) => {
      await withServices(async (services) => {
        const found = await userByEmail(services, email);
        const password = await services.auth.resetPassword(CLI_ADMIN, found.user.id);
        console.log(`one-time password for ${email} (shown once): ${password}`);
      });
    });

  program
    .command('token')
    .description('API tokens')
    .command('create')
    .description('create an API token for an account and print it (shown once)')
    .requiredOption('--user <email>', 'the account the token acts as')
    .addOption(
      new Option('--scope <scope>', 'read or write')
        .choices(['read', 'write'])
        .makeOptionMandatory(),
    )
    .option('--name <name>', 'what the token is for', 'command line')
    .option('--days <days>', 'days until it expires (1–366)', '90')
    .action(async (options: { user: string; scope: string; name: string; days: string }) => {
      await withServices(async (services) => {
        const found = await userByEmail(services, options.user);
        const { secret, token } = await services.auth.createToken(found.actor, {
          name: options.name,
          scope: options.scope,
          expiresInDays: Number(options.days),
        });
        console.error(`habeas: token ${token.id} expires ${token.expiresAt}`);
        console.log(secret);
      });
    });

  program
    .command('verify')
    .description('check the audit log’s hash chain; exits 1 naming each broken entry')
    .option('--head <seq:hash>', 'a head recorded earlier, to detect cut-off entries', parseHead)
    .action(async (options: { head?: { seq: number; hash: string } }) => {
      const report = await withServices((services) => services.audit.verify(options.head));
      for (const problem of report.problems) console.error(`habeas: ${problem.message}`);
      console.log(
        `${report.ok ? 'ok' : 'BROKEN'}: ${report.checked} entries checked; head ${report.head.seq}:${report.head.hash}`,
      );
      if (!report.ok) process.exitCode = 1;
    });
}

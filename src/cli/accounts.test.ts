import { describe, expect, it } from 'vitest';
import { habeas, useCliDatabase } from '../../test/helpers/cli.js';
import { createTestDatabase } from '../../test/helpers/database.js';
import { createServices } from '../modules/services.js';

describe('account commands', () => {
  const cli = useCliDatabase();

  it('adds an account with a one-time password, lists, disables and resets it', {
    timeout: 120_000,
  }, async () => {
    const added = await habeas(
      [
        'user',
        'add',
        '--email',
        'Lawyer@Example.org',
        '--role',
        'editor',
        '--clearance',
        'confidential',
      ],
      cli.env,
    );
    expect(added.code).toBe(0);
    const password = /one-time password \(shown once\): (\S+)/.exec(added.stdout)?.[1];
    expect(password).toBeTruthy();
    const services = createServices(cli.db.database, { dataDir: cli.db.dataDir });
    expect(
      (await services.auth.login('lawyer@example.org', password as string)).user.mustChangePassword,
    ).toBe(true);

    const listed = await habeas(['user', 'list'], cli.env);
    expect(listed.stdout).toMatch(/lawyer@example\.org\teditor\tconfidential\tactive/);
    expect((await habeas(['user', 'disable', 'lawyer@example.org'], cli.env)).code).toBe(0);
    await expect(services.auth.login('lawyer@example.org', password as string)).rejects.toThrow();
    await habeas(['user', 'enable', 'lawyer@example.org'], cli.env);
    const reset = await habeas(['user', 'reset', 'lawyer@example.org'], cli.env);
    const fresh = /shown once\): (\S+)/.exec(reset.stdout)?.[1];
    expect(fresh).toBeTruthy();
    expect((await services.auth.login('lawyer@example.org', fresh as string)).user.email).toBe(
      'lawyer@example.org',
    );
  });

  it('refuses a bad role or an unknown account with a message and a non-zero exit', {
    timeout: 120_000,
  }, async () => {
    const badRole = await habeas(
      ['user', 'add', '--email', 'x@example.org', '--role', 'overlord', '--clearance', 'public'],
      cli.env,
    );
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toMatch(/overlord/);
    const unknown = await habeas(
      ['token', 'create', '--user', 'nobody@example.org', '--scope', 'read'],
      cli.env,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no account with email nobody@example.org/);
  });

  it('prints a working API token', { timeout: 120_000 }, async () => {
    await habeas(
      [
        'user',
        'add',
        '--email',
        'script@example.org',
        '--role',
        'viewer',
        '--clearance',
        'internal',
      ],
      cli.env,
    );
    const created = await habeas(
      ['token', 'create', '--user', 'script@example.org', '--scope', 'read'],
      cli.env,
    );
    expect(created.code).toBe(0);
    const secret = created.stdout.trim();
    const services = createServices(cli.db.database, { dataDir: cli.db.dataDir });
    const auth = await services.auth.authenticateToken(secret);
    expect(auth).toMatchObject({ scope: 'read', actor: { role: 'viewer', clearance: 'internal' } });
  });
});

describe('first start', () => {
  it('creates the administrator named by the environment, or one with a one-time password', {
    timeout: 120_000,
  }, async () => {
    const db = await createTestDatabase();
    try {
      const services = createServices(db.database, { dataDir: db.dataDir });
      const named = await services.auth.ensureInitialAdmin({
        email: 'boss@example.org',
        password: 'a long enough password',
      });
      expect(named).toMatchObject({
        user: { email: 'boss@example.org', role: 'admin', clearance: 'secret' },
      });
      expect(named?.generatedPassword).toBeUndefined();
      expect(await services.auth.ensureInitialAdmin({})).toBeUndefined();
    } finally {
      await db.cleanup();
    }
    const other = await createTestDatabase();
    try {
      const services = createServices(other.database, { dataDir: other.dataDir });
      const generated = await services.auth.ensureInitialAdmin({});
      expect(generated?.generatedPassword).toMatch(/^\S{20,}$/);
      const session = await services.auth.login(
        'admin@habeas.local',
        generated?.generatedPassword as string,
      );
      expect(session.user.mustChangePassword).toBe(true);
    } finally {
      await other.cleanup();
    }
  });
});

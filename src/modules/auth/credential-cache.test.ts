import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, TEST_ADMIN_PASSWORD, type TestApp } from '../../../test/helpers/app.js';
import { makePerson } from '../../../test/helpers/fixtures.js';
import type { Actor } from './policy.js';
import { digest } from './secrets.js';

/**
 * API requests do not look a token up again while nothing has been written
 * since it was found valid; every write that changes what a token grants is seen by the next
 * request. (A token's row changed behind the service's back is how the test tells a look-up
 * from a cache hit: only a look-up sees it.)
 */
describe('API tokens kept by the write generation', () => {
  let t: TestApp;
  let holder: Actor;
  let tokenId: string;
  let secret: string;
  let visibleId: string;
  const get = (url: string) =>
    t.app.inject({ url, headers: { authorization: `Bearer ${secret}` } });
  const LIST = '/api/v1/people?limit=5';

  beforeEach(async () => {
    t = await createTestApp();
    const { user } = await t.services.auth.createUser(t.admin.actor, {
      email: 'holder@example.org',
      displayName: 'Holder',
      role: 'editor',
      clearance: 'secret',
      password: TEST_ADMIN_PASSWORD,
    });
    holder = { id: user.id, role: 'editor', clearance: 'secret' };
    const created = await t.services.auth.createToken(holder, { name: 'cached', scope: 'read' });
    tokenId = created.token.id;
    secret = created.secret;
    visibleId = (await makePerson(t, { givenNames: 'Visible' })).id;
    expect((await get(LIST)).statusCode).toBe(200);
  });
  afterEach(async () => {
    vi.useRealTimers();
    await t.close();
  });

  /** Revokes the token in its table only: no service write, so no generation moves. */
  const revokeBehindTheServicesBack = () =>
    t.database.db
      .updateTable('api_tokens')
      .set({ revoked_at: new Date().toISOString() })
      .where('id', '=', tokenId)
      .execute();

  it('is not looked up again while nothing is written, and is once anything is', async () => {
    await revokeBehindTheServicesBack();
    expect((await get(LIST)).statusCode).toBe(200);
    // every route keeps it, not only the one read before nor only those with caches
    expect((await get('/api/v1/people')).statusCode).toBe(200);
    expect((await get('/api/v1/search?q=visible')).statusCode).toBe(200);
    expect((await get(`/api/v1/people/${visibleId}`)).statusCode).toBe(200);
    const person = await makePerson(t, { givenNames: 'Another' });
    expect((await get(`/api/v1/people/${person.id}`)).statusCode).toBe(401);
    expect((await get(LIST)).statusCode).toBe(401);
  });

  it('stops at once when the token is revoked', async () => {
    await t.services.auth.revokeToken(holder, tokenId);
    expect((await get(LIST)).statusCode).toBe(401);
  });

  it('stops at once when the account is disabled', async () => {
    await t.services.auth.updateUser(t.admin.actor, holder.id, { disabled: true });
    expect((await get(LIST)).statusCode).toBe(401);
  });

  it('sees a lowered clearance at once', async () => {
    const secretPerson = await makePerson(t, { givenNames: 'Hidden', sensitivity: 'secret' });
    const before = (await get(LIST)).json() as { items: { id: string }[] };
    expect(before.items.map((p) => p.id)).toContain(secretPerson.id);
    await t.services.auth.updateUser(t.admin.actor, holder.id, { clearance: 'internal' });
    const after = (await get(LIST)).json() as { items: { id: string }[] };
    expect(after.items.map((p) => p.id)).not.toContain(secretPerson.id);
  });

  it('asks for a new password at once after a reset', async () => {
    await t.services.auth.resetPassword(t.admin.actor, holder.id);
    const response = await get(LIST);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'password_change_required' });
  });

  it('stops when the token expires, cached or not', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(Date.now() + 91 * 24 * 3600_000));
    expect((await get(LIST)).statusCode).toBe(401);
  });
});

/**
 * Sessions (the web app) are kept the same way, and still slide their expiry:
 * written at most once a minute, and never past a session's maximum age.
 */
describe('sessions kept by the write generation', () => {
  let t: TestApp;
  let cookie: string;
  let csrfToken: string;
  let tokenHash: string;
  const get = (url: string) => t.app.inject({ url, headers: { cookie } });
  const LIST = '/api/v1/people?limit=5';
  const stored = async () =>
    t.database.db
      .selectFrom('sessions')
      .select(['last_seen_at', 'expires_at', 'revoked_at'])
      .where('token_hash', '=', tokenHash)
      .executeTakeFirstOrThrow();

  beforeEach(async () => {
    t = await createTestApp();
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: t.admin.email, password: t.admin.password },
    });
    const session = login.cookies.find((c) => c.name === 'habeas_session');
    if (!session) throw new Error('no session cookie');
    cookie = `habeas_session=${session.value}`;
    csrfToken = login.json().csrfToken;
    tokenHash = digest(session.value);
    await makePerson(t, { givenNames: 'Visible' });
    expect((await get(LIST)).statusCode).toBe(200);
  });
  afterEach(async () => {
    vi.useRealTimers();
    await t.close();
  });

  it('is not looked up again while nothing is written, and is once anything is', async () => {
    await t.database.db
      .updateTable('sessions')
      .set({ revoked_at: new Date().toISOString() })
      .where('token_hash', '=', tokenHash)
      .execute();
    expect((await get(LIST)).statusCode).toBe(200);
    // every route keeps it, not only those with caches
    expect((await get('/api/v1/auth/session')).statusCode).toBe(200);
    await makePerson(t, { givenNames: 'Another' });
    expect((await get(LIST)).statusCode).toBe(401);
  });

  it('stops at once on sign-out', async () => {
    const logout = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(logout.statusCode).toBe(204);
    expect((await get(LIST)).statusCode).toBe(401);
  });

  it('stops at once when the account is disabled', async () => {
    const other = await t.services.auth.createUser(t.admin.actor, {
      email: 'second-admin@example.org',
      displayName: 'Second',
      role: 'admin',
      clearance: 'secret',
      password: TEST_ADMIN_PASSWORD,
    });
    await t.services.auth.updateUser(
      { id: other.user.id, role: 'admin', clearance: 'secret' },
      t.admin.actor.id,
      { disabled: true },
    );
    expect((await get(LIST)).statusCode).toBe(401);
  });

  it('slides its expiry at most once a minute, cached or not, and stops once idle too long', async () => {
    const first = await stored();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(Date.parse(first.last_seen_at) + 30_000));
    expect((await get(LIST)).statusCode).toBe(200);
    expect(await stored()).toEqual(first);
    vi.setSystemTime(new Date(Date.parse(first.last_seen_at) + 5 * 60_000));
    expect((await get(LIST)).statusCode).toBe(200);
    const slid = await stored();
    expect(Date.parse(slid.last_seen_at)).toBe(Date.now());
    expect(Date.parse(slid.expires_at)).toBeGreaterThan(Date.parse(first.expires_at));
    // idle past the new expiry: refused from the cache as from the table
    vi.setSystemTime(new Date(Date.parse(slid.expires_at) + 1000));
    expect((await get(LIST)).statusCode).toBe(401);
    expect((await get('/api/v1/auth/session')).statusCode).toBe(401);
  });
});

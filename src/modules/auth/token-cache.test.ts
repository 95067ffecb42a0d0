import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, TEST_ADMIN_PASSWORD, type TestApp } from '../../../test/helpers/app.js';
import { makePerson } from '../../../test/helpers/fixtures.js';
import type { Actor } from './policy.js';

/**
 * Cached list pages and dossiers do not look a token up again while nothing has been written
 * since it was found valid; every write that changes what a token grants is seen by the next
 * request. (A token's row changed behind the service's back is how the test tells a look-up
 * from a cache hit: only a look-up sees it.)
 */
describe('API tokens on cached routes', () => {
  let t: TestApp;
  let holder: Actor;
  let tokenId: string;
  let secret: string;
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
    await makePerson(t, { givenNames: 'Visible' });
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
    // a route without a cache looks the token up every time
    expect((await get('/api/v1/people')).statusCode).toBe(200);
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

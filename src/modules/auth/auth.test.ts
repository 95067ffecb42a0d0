import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { makePerson } from '../../../test/helpers/fixtures.js';

describe('signing in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const login = (email: string, password: string, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
      headers,
    });

  function sessionCookie(response: { cookies: { name: string; value: string }[] }) {
    const cookie = response.cookies.find((c) => c.name === 'habeas_session');
    if (!cookie) throw new Error('no session cookie');
    return `habeas_session=${cookie.value}`;
  }

  it('answers 401 to every API path without credentials', async () => {
    for (const url of [
      '/api/v1/people',
      '/api/v1/openapi.json',
      '/api/v1/audit',
      '/api/v1/auth/session',
    ]) {
      const response = await t.app.inject({ url });
      expect(response.statusCode, url).toBe(401);
      expect(response.json()).toMatchObject({ code: 'unauthenticated' });
    }
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      payload: { givenNames: 'x' },
    });
    expect(write.statusCode).toBe(401);
  });

  it('sets an httpOnly, SameSite=Strict session cookie and returns the CSRF token', async () => {
    const response = await login(t.admin.email, t.admin.password);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'habeas_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    expect(response.json()).toMatchObject({
      user: { email: t.admin.email },
      csrfToken: expect.any(String),
    });
  });

  it('requires the CSRF token on a session’s writes but not on its reads', async () => {
    const response = await login(t.admin.email, t.admin.password);
    const cookie = sessionCookie(response);
    const { csrfToken } = response.json();
    expect((await t.app.inject({ url: '/api/v1/people', headers: { cookie } })).statusCode).toBe(
      200,
    );
    const payload = { givenNames: 'Csrf' };
    const withoutToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: { cookie },
      payload,
    });
    expect(withoutToken.statusCode).toBe(403);
    const wrongToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: { cookie, 'x-csrf-token': 'forged' },
      payload,
    });
    expect(wrongToken.statusCode).toBe(403);
    const withToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: { cookie, 'x-csrf-token': csrfToken },
      payload,
    });
    expect(withToken.statusCode).toBe(201);
  });

  it('gives the same answer for a wrong password and an unknown account', async () => {
    const wrong = await login(t.admin.email, 'not the password at all');
    const unknown = await login('nobody@example.org', 'not the password at all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
  });

  it('ends a session on logout', async () => {
    const response = await login(t.admin.email, t.admin.password);
    const cookie = sessionCookie(response);
    const logout = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': response.json().csrfToken },
    });
    expect(logout.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/people', headers: { cookie } })).statusCode).toBe(
      401,
    );
  });

  it('marks the cookie Secure when the request came over HTTPS', async () => {
    const proxied = await createTestApp({ trustProxy: true });
    try {
      const response = await proxied.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'x-forwarded-proto': 'https' },
        payload: { email: proxied.admin.email, password: proxied.admin.password },
      });
      expect(response.cookies.find((c) => c.name === 'habeas_session')?.secure).toBe(true);
    } finally {
      await proxied.close();
    }
  });

  it('sends a strict content security policy and other hardening headers', async () => {
    const response = await t.inject({ url: '/api/v1/people' });
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBeTruthy();
  });
});

describe('lockout and passwords', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const login = (email: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

  it('locks an account after five failures, even against the right password', async () => {
    const { user } = await t.services.auth.createUser(t.ctx.actor, {
      email: 'target@example.org',
      displayName: 'Target',
      role: 'viewer',
      clearance: 'public',
      password: 'a long enough password',
    });
    for (let i = 0; i < 5; i++)
      expect((await login('target@example.org', `guess ${i} wrong`)).statusCode).toBe(401);
    expect((await login('target@example.org', 'a long enough password')).statusCode).toBe(401);
    const audit = await t.services.audit.list({ targetId: user.id, limit: 100 });
    expect(audit.map((e) => e.details.reason)).toContain('locked');
    // An administrator's reset lifts the lock.
    const password = await t.services.auth.resetPassword(t.ctx.actor, user.id);
    expect((await login('target@example.org', password)).statusCode).toBe(200);
  });

  it('changes a password, refusing a short one, and ends the other sessions', async () => {
    await t.services.auth.createUser(t.ctx.actor, {
      email: 'changer@example.org',
      displayName: 'Changer',
      role: 'editor',
      clearance: 'internal',
      password: 'the first password',
    });
    const first = await login('changer@example.org', 'the first password');
    const second = await login('changer@example.org', 'the first password');
    const headers = {
      cookie: `habeas_session=${second.cookies.find((c) => c.name === 'habeas_session')?.value}`,
      'x-csrf-token': second.json().csrfToken,
    };
    const short = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers,
      payload: { currentPassword: 'the first password', newPassword: 'short' },
    });
    expect(short.statusCode).toBe(422);
    expect(short.json().errors[0]).toMatchObject({ field: 'newPassword' });
    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers,
      payload: {
        currentPassword: 'the first password',
        newPassword: 'the second, longer password',
      },
    });
    expect(changed.statusCode).toBe(204);
    const firstCookie = `habeas_session=${first.cookies.find((c) => c.name === 'habeas_session')?.value}`;
    expect(
      (await t.app.inject({ url: '/api/v1/people', headers: { cookie: firstCookie } })).statusCode,
    ).toBe(401);
    expect(
      (await t.app.inject({ url: '/api/v1/people', headers: { cookie: headers.cookie } }))
        .statusCode,
    ).toBe(200);
    expect((await login('changer@example.org', 'the second, longer password')).statusCode).toBe(
      200,
    );
  });
});

describe('API tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('shows a token once, lets a read token read but not write, and stops a revoked one', async () => {
    const created = await t.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      payload: { name: 'reporting script', scope: 'read' },
    });
    expect(created.statusCode).toBe(201);
    const { secret, id } = created.json();
    const auth = { authorization: `Bearer ${secret}` };
    expect((await t.app.inject({ url: '/api/v1/people', headers: auth })).statusCode).toBe(200);
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: auth,
      payload: { givenNames: 'x' },
    });
    expect(write.statusCode).toBe(403);
    const listed = (await t.inject({ url: '/api/v1/auth/tokens' })).json();
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(
      (await t.inject({ method: 'DELETE', url: `/api/v1/auth/tokens/${id}` })).statusCode,
    ).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/people', headers: auth })).statusCode).toBe(401);
  });

  it('refuses an expired token and any token of a disabled account', async () => {
    const { user } = await t.services.auth.createUser(t.ctx.actor, {
      email: 'soon-gone@example.org',
      displayName: 'Soon gone',
      role: 'viewer',
      clearance: 'internal',
      password: 'a long enough password',
    });
    const actor = { id: user.id, role: user.role, clearance: user.clearance };
    const live = await t.services.auth.createToken(actor, { name: 'a', scope: 'read' });
    const expired = await t.services.auth.createToken(actor, { name: 'b', scope: 'read' });
    await t.database.db
      .updateTable('api_tokens')
      .set({ expires_at: '2000-01-01T00:00:00.000Z' })
      .where('id', '=', expired.token.id)
      .execute();
    const read = (secret: string) =>
      t.app.inject({ url: '/api/v1/people', headers: { authorization: `Bearer ${secret}` } });
    expect((await read(live.secret)).statusCode).toBe(200);
    expect((await read(expired.secret)).statusCode).toBe(401);
    await t.services.auth.updateUser(t.ctx.actor, user.id, { disabled: true });
    expect((await read(live.secret)).statusCode).toBe(401);
  });
});

describe('roles and clearance', () => {
  let t: TestApp;
  let confidential: { id: string };
  beforeAll(async () => {
    t = await createTestApp();
    confidential = await makePerson(t, { givenNames: 'Hidden', sensitivity: 'confidential' });
    await makePerson(t, { givenNames: 'Visible', sensitivity: 'internal' });
  });
  afterAll(() => t.close());

  it('answers 404, not 403, for a record above the caller’s clearance, and leaves it out of lists', async () => {
    const viewer = await t.as('viewer', 'internal');
    expect((await viewer({ url: `/api/v1/people/${confidential.id}` })).statusCode).toBe(404);
    expect((await viewer({ url: `/api/v1/people/${confidential.id}/history` })).statusCode).toBe(
      404,
    );
    const names = (await viewer({ url: '/api/v1/people' }))
      .json()
      .items.map((p: { givenNames: string }) => p.givenNames);
    expect(names).toEqual(['Visible']);
  });

  it('lets a viewer read but not write, and a contributor write but not delete', async () => {
    const viewer = await t.as('viewer', 'secret');
    expect(
      (await viewer({ method: 'POST', url: '/api/v1/people', payload: { givenNames: 'x' } }))
        .statusCode,
    ).toBe(403);
    const contributor = await t.as('contributor', 'internal');
    const created = await contributor({
      method: 'POST',
      url: '/api/v1/people',
      payload: { givenNames: 'By contributor' },
    });
    expect(created.statusCode).toBe(201);
    const removed = await contributor({
      method: 'DELETE',
      url: `/api/v1/people/${created.json().id}`,
    });
    expect(removed.statusCode).toBe(403);
  });

  it('refuses to create or raise a record above the writer’s own clearance', async () => {
    const editor = await t.as('editor', 'internal');
    const above = await editor({
      method: 'POST',
      url: '/api/v1/people',
      payload: { givenNames: 'x', sensitivity: 'secret' },
    });
    expect(above.statusCode).toBe(403);
    const own = (
      await editor({ method: 'POST', url: '/api/v1/people', payload: { givenNames: 'y' } })
    ).json();
    const raise = await editor({
      method: 'PATCH',
      url: `/api/v1/people/${own.id}`,
      payload: { sensitivity: 'confidential' },
    });
    expect(raise.statusCode).toBe(403);
  });

  it('hides identifiers above the caller’s clearance inside a visible record', async () => {
    const person = await makePerson(t, {
      givenNames: 'With papers',
      identifiers: [
        { kind: 'a_number', value: 'A-123-456-789' },
        { kind: 'passport', value: 'PUBLIC-1', sensitivity: 'internal' },
      ],
    });
    const viewer = await t.as('viewer', 'internal');
    const seen = (await viewer({ url: `/api/v1/people/${person.id}` })).json();
    expect(seen.identifiers).toEqual([expect.objectContaining({ value: 'PUBLIC-1' })]);
    expect(JSON.stringify(seen)).not.toContain('A-123-456-789');
  });

  it('lets only administrators manage accounts', async () => {
    const editor = await t.as('editor', 'secret');
    expect((await editor({ url: '/api/v1/users' })).statusCode).toBe(403);
    expect((await t.inject({ url: '/api/v1/users' })).statusCode).toBe(200);
  });
});

describe('public mode', () => {
  it('serves public records read-only without an account, and nothing else', async () => {
    const t = await createTestApp({ publicMode: true });
    try {
      await makePerson(t, { givenNames: 'Public', sensitivity: 'public' });
      await makePerson(t, { givenNames: 'Internal', sensitivity: 'internal' });
      const list = await t.app.inject({ url: '/api/v1/public/people' });
      expect(list.statusCode).toBe(200);
      expect(list.json().items.map((p: { givenNames: string }) => p.givenNames)).toEqual([
        'Public',
      ]);
      const write = await t.app.inject({
        method: 'POST',
        url: '/api/v1/public/people',
        payload: {},
      });
      expect([403, 404]).toContain(write.statusCode);
    } finally {
      await t.close();
    }
    const closed = await createTestApp({ publicMode: false });
    try {
      expect((await closed.app.inject({ url: '/api/v1/public/people' })).statusCode).toBe(401);
    } finally {
      await closed.close();
    }
  });

  it('rate-limits public readers by address', async () => {
    const t = await createTestApp({ publicMode: true, publicRateLimit: 3 });
    try {
      const codes = [];
      for (let i = 0; i < 5; i++)
        codes.push((await t.app.inject({ url: '/api/v1/public/people' })).statusCode);
      expect(codes).toEqual([200, 200, 200, 429, 429]);
    } finally {
      await t.close();
    }
  });
});

describe('one-time passwords', () => {
  it('allow nothing but changing the password, then everything the role allows', async () => {
    const t = await createTestApp();
    try {
      const { generatedPassword } = await t.services.auth.createUser(t.ctx.actor, {
        email: 'new@example.org',
        displayName: 'New',
        role: 'editor',
        clearance: 'internal',
      });
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'new@example.org', password: generatedPassword },
      });
      expect(login.json().user.mustChangePassword).toBe(true);
      const headers = {
        cookie: `habeas_session=${login.cookies.find((c) => c.name === 'habeas_session')?.value}`,
        'x-csrf-token': login.json().csrfToken,
      };
      const blocked = await t.app.inject({ url: '/api/v1/people', headers });
      expect(blocked.statusCode).toBe(403);
      expect(blocked.json().code).toBe('password_change_required');
      const changed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers,
        payload: { currentPassword: generatedPassword, newPassword: 'my own long password' },
      });
      expect(changed.statusCode).toBe(204);
      expect((await t.app.inject({ url: '/api/v1/people', headers })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});

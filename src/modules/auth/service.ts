import type { Db } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import type { WriteGeneration } from '../../db/write-generation.js';
import { Conflict, Invalid, NotFound, Unauthenticated } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { parseOrInvalid as parse } from '../../lib/zod-issues.js';
import type { AuditLog } from '../audit/service.js';
import { type CachedSession, type CachedToken, CredentialCache } from './credential-cache.js';
import { generatePassword, hashPassword, spendVerification, verifyPassword } from './passwords.js';
import { type Actor, assertAdministrator } from './policy.js';
import * as repo from './repo.js';
import {
  type ApiToken,
  passwordSchema,
  type TOKEN_SCOPES,
  tokenCreateSchema,
  type User,
  userCreateSchema,
  userPatchSchema,
} from './schema.js';
import { digest, randomSecret, sameSecret } from './secrets.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
export const SESSION_IDLE_HOURS = 12;
export const SESSION_MAX_DAYS = 7;
const TOKEN_PREFIX = 'hab_';

export interface Authenticated {
  actor: Actor;
  via: 'session' | 'token';
  scope: (typeof TOKEN_SCOPES)[number];
  /** for sessions: the value writes must echo in x-csrf-token */
  csrfToken?: string;
  sessionHash?: string;
  /** signed in with a one-time password that must be changed before anything else */
  mustChangePassword: boolean;
}

export interface RequestMeta {
  ip?: string;
  requestId?: string;
}

const FAILED = 'email or password is incorrect';

const hoursFrom = (date: Date, hours: number) => new Date(date.getTime() + hours * 3600_000);

function toUser(row: repo.UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    clearance: row.clearance,
    mustChangePassword: Boolean(row.must_change_password),
    disabled: row.disabled_at !== null,
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
  };
}

function toToken(row: repo.TokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revoked: row.revoked_at !== null,
  };
}

export const actorOf = (user: repo.Holder): Actor => ({
  id: user.id,
  role: user.role,
  clearance: user.clearance,
});

const assertAdmin = (actor: Actor) => assertAdministrator(actor, 'manage accounts');

/** Accounts, sign-in, sessions and API tokens. Every sign-in, good or bad, is audited. */
export class AuthService {
  private readonly tokens = new CredentialCache<CachedToken>();
  private readonly sessions = new CredentialCache<CachedSession>();

  constructor(
    private readonly deps: { db: Db; audit: AuditLog; writeGeneration: WriteGeneration },
  ) {}

  async createUser(actor: Actor, input: unknown, meta: RequestMeta = {}) {
    assertAdmin(actor);
    const data = parse(userCreateSchema, input);
    if (await repo.findUserByEmail(this.deps.db, data.email)) {
      throw new Conflict('an account with this email already exists');
    }
    const generated = data.password ? undefined : generatePassword();
    const now = new Date().toISOString();
    const row: repo.UserRow = {
      id: newId(),
      email: data.email,
      display_name: data.displayName,
      role: data.role,
      clearance: data.clearance,
      password_hash: await hashPassword(data.password ?? (generated as string)),
      must_change_password: generated ? 1 : 0,
      failed_logins: 0,
      locked_until: null,
      disabled_at: null,
      created_at: now,
      updated_at: now,
    };
    await inTransaction(this.deps.db, async (trx) => {
      await repo.insertUser(trx, row);
      await this.deps.audit.append(
        {
          actor: actor.id,
          action: 'user.create',
          targetType: 'user',
          targetId: row.id,
          ...meta,
          details: { role: row.role, clearance: row.clearance },
        },
        trx,
      );
    });
    return { user: toUser(row), generatedPassword: generated };
  }

  /**
   * The first start needs someone who can sign in: the admin named by the environment, or one
   * with a generated one-time password that the caller prints once.
   */
  async ensureInitialAdmin(env: { email?: string; password?: string }) {
    if ((await repo.countUsers(this.deps.db)) > 0) return undefined;
    const system: Actor = { id: 'system', role: 'admin', clearance: 'secret' };
    return this.createUser(system, {
      email: env.email ?? 'admin@habeas.local',
      displayName: 'Administrator',
      role: 'admin',
      clearance: 'secret',
      password: env.password,
    });
  }

  async login(email: string, password: string, meta: RequestMeta = {}) {
    const { db, audit } = this.deps;
    const user = await repo.findUserByEmail(db, email.trim().toLowerCase());
    const now = new Date();
    const fail = async (reason: string) => {
      await audit.append({
        actor: user?.id ?? 'anonymous',
        action: 'auth.login_failed',
        targetType: 'user',
        targetId: user?.id,
        ...meta,
        details: { reason },
      });
      return new Unauthenticated(FAILED);
    };
    if (!user) {
      await spendVerification(password);
      throw await fail('unknown_email');
    }
    if (user.disabled_at) {
      await spendVerification(password);
      throw await fail('disabled');
    }
    if (user.locked_until && user.locked_until > now.toISOString()) {
      await spendVerification(password);
      throw await fail('locked');
    }
    if (!(await verifyPassword(user.password_hash, password))) {
      const failures = user.failed_logins + 1;
      const lock = failures >= MAX_FAILED_LOGINS;
      await repo.updateUser(db, user.id, {
        failed_logins: lock ? 0 : failures,
        locked_until: lock
          ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString()
          : user.locked_until,
      });
      throw await fail(lock ? 'wrong_password_locked' : 'wrong_password');
    }
    const sessionToken = randomSecret();
    const csrfToken = randomSecret();
    await inTransaction(db, async (trx) => {
      await repo.updateUser(trx, user.id, { failed_logins: 0, locked_until: null });
      await repo.insertSession(trx, {
        token_hash: digest(sessionToken),
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: now.toISOString(),
        expires_at: hoursFrom(now, SESSION_IDLE_HOURS).toISOString(),
        last_seen_at: now.toISOString(),
        revoked_at: null,
      });
      await audit.append(
        { actor: user.id, action: 'auth.login', targetType: 'user', targetId: user.id, ...meta },
        trx,
      );
    });
    return { user: toUser(user), sessionToken, csrfToken };
  }

  /**
   * The session's account, its expiry slid forward (written at most once a minute: a read-heavy
   * session should not turn every request into a write). Given the write generation read as the
   * request arrived, a session found valid under that same generation is not looked up again,
   * as tokens are not (`authenticateToken`).
   */
  async authenticateSession(
    sessionToken: string,
    generation?: Promise<string>,
  ): Promise<Authenticated | undefined> {
    const tokenHash = digest(sessionToken);
    const now = new Date();
    return this.cachedOrLookedUp(
      this.sessions,
      tokenHash,
      generation,
      now.toISOString(),
      () => this.lookUpSession(tokenHash, now),
      (entry) => this.slide(tokenHash, entry, now),
    );
  }

  /**
   * The credential filed under `hash` if the generation read as its request arrived is the one
   * it was filed under and it is unexpired, else looked up (and filed, when that generation is
   * known); then `use`d (its use recorded, its expiry slid).
   */
  private async cachedOrLookedUp<T extends CachedSession | CachedToken>(
    cache: CredentialCache<T>,
    hash: string,
    generation: Promise<string> | undefined,
    now: string,
    lookUp: () => Promise<T | undefined>,
    use: (entry: T) => Promise<void>,
  ): Promise<Authenticated | undefined> {
    const readAt = generation ? await generation : undefined;
    let entry = readAt === undefined ? undefined : cache.get(hash, readAt, now);
    if (!entry) {
      entry = await lookUp();
      if (entry && readAt !== undefined) cache.set(hash, readAt, entry);
    }
    if (!entry) return undefined;
    await use(entry);
    return { ...entry.result, actor: { ...entry.result.actor } };
  }

  /** The session as stored, if it is valid now. */
  private async lookUpSession(tokenHash: string, now: Date): Promise<CachedSession | undefined> {
    const found = await repo.findWithHolder(this.deps.db, 'sessions', tokenHash);
    if (!found) return undefined;
    const { row: session, holder: user } = found;
    if (session.revoked_at || session.expires_at <= now.toISOString() || user.disabled_at) {
      return undefined;
    }
    return {
      createdAt: session.created_at,
      lastSeenAt: session.last_seen_at,
      expiresAt: session.expires_at,
      result: {
        actor: actorOf(user),
        via: 'session',
        scope: 'write',
        csrfToken: session.csrf_token,
        sessionHash: tokenHash,
        mustChangePassword: Boolean(user.must_change_password),
      },
    };
  }

  /** Slides the session's idle expiry (never past its maximum age), at most once a minute. */
  private async slide(tokenHash: string, entry: CachedSession, now: Date): Promise<void> {
    if (now.getTime() - new Date(entry.lastSeenAt).getTime() <= 60_000) return;
    const cap = hoursFrom(new Date(entry.createdAt), SESSION_MAX_DAYS * 24).getTime();
    const expires = new Date(Math.min(hoursFrom(now, SESSION_IDLE_HOURS).getTime(), cap));
    await repo.touchSession(this.deps.db, tokenHash, now.toISOString(), expires.toISOString());
    entry.lastSeenAt = now.toISOString();
    entry.expiresAt = expires.toISOString();
  }

  /**
   * The token's account and scope. Given the write generation read as the request arrived, a
   * token found valid under that same generation is not looked up again (`CredentialCache`): cached
   * dossiers and list pages then cost no query beyond that read, which requests arriving together
   * share.
   */
  async authenticateToken(
    secret: string,
    generation?: Promise<string>,
  ): Promise<Authenticated | undefined> {
    if (!secret.startsWith(TOKEN_PREFIX)) return undefined;
    const tokenHash = digest(secret);
    const now = new Date().toISOString();
    return this.cachedOrLookedUp(
      this.tokens,
      tokenHash,
      generation,
      now,
      () => this.lookUpToken(tokenHash, now),
      (entry) => this.markUsed(entry, now),
    );
  }

  /** The token as stored, if it is valid now. */
  private async lookUpToken(tokenHash: string, now: string): Promise<CachedToken | undefined> {
    const found = await repo.findWithHolder(this.deps.db, 'api_tokens', tokenHash);
    if (!found) return undefined;
    const { row: token, holder: user } = found;
    if (token.revoked_at || token.expires_at <= now || user.disabled_at) return undefined;
    return {
      tokenId: token.id,
      expiresAt: token.expires_at,
      lastUsedAt: token.last_used_at,
      result: {
        actor: actorOf(user),
        via: 'token',
        scope: token.scope,
        mustChangePassword: Boolean(user.must_change_password),
      },
    };
  }

  /** Records a token's use at most once a minute: reads should not each become a write. */
  private async markUsed(entry: CachedToken, now: string): Promise<void> {
    if (entry.lastUsedAt?.slice(0, 16) === now.slice(0, 16)) return;
    await repo.markTokenUsed(this.deps.db, entry.tokenId, now);
    entry.lastUsedAt = now;
  }

  /**
   * Called by every write that changes what a credential grants, with its transaction: cached
   * tokens and sessions are checked again once it commits.
   */
  private credentialsChanged(db: Db): Promise<void> {
    return this.deps.writeGeneration.bumpAfterCommit(db);
  }

  csrfMatches(auth: Authenticated, presented: string | undefined): boolean {
    return Boolean(auth.csrfToken && presented && sameSecret(auth.csrfToken, presented));
  }

  async logout(auth: Authenticated, meta: RequestMeta = {}) {
    if (!auth.sessionHash) return;
    await repo.revokeSessions(this.deps.db, { tokenHash: auth.sessionHash });
    await this.credentialsChanged(this.deps.db);
    await this.deps.audit.append({ actor: auth.actor.id, action: 'auth.logout', ...meta });
  }

  async me(actor: Actor): Promise<User> {
    const user = await repo.findUserById(this.deps.db, actor.id);
    if (!user) throw new NotFound('User');
    return toUser(user);
  }

  /** Changing a password ends every other session of the account. */
  async changePassword(
    auth: Authenticated,
    currentPassword: string,
    newPassword: unknown,
    meta: RequestMeta = {},
  ) {
    const { db, audit } = this.deps;
    const user = await repo.findUserById(db, auth.actor.id);
    if (!user) throw new NotFound('User');
    if (!(await verifyPassword(user.password_hash, currentPassword))) {
      throw new Invalid([
        {
          field: 'currentPassword',
          reason: 'is not your current password',
          code: 'wrong_password',
        },
      ]);
    }
    const next = parse(passwordSchema, newPassword);
    if (next === currentPassword) {
      throw new Invalid([
        {
          field: 'newPassword',
          reason: 'must differ from the current password',
          code: 'same_password',
        },
      ]);
    }
    const passwordHash = await hashPassword(next);
    await inTransaction(db, async (trx) => {
      await repo.updateUser(trx, user.id, { password_hash: passwordHash, must_change_password: 0 });
      await repo.revokeSessions(trx, { userId: user.id, exceptTokenHash: auth.sessionHash });
      await this.credentialsChanged(trx);
      await audit.append(
        {
          actor: user.id,
          action: 'auth.password_change',
          targetType: 'user',
          targetId: user.id,
          ...meta,
        },
        trx,
      );
    });
  }

  async createToken(actor: Actor, input: unknown, meta: RequestMeta = {}) {
    const data = parse(tokenCreateSchema, input);
    const secret = `${TOKEN_PREFIX}${randomSecret()}`;
    const now = new Date();
    const row: repo.TokenRow = {
      id: newId(),
      token_hash: digest(secret),
      user_id: actor.id,
      name: data.name,
      scope: data.scope,
      created_at: now.toISOString(),
      expires_at: hoursFrom(now, 24 * (data.expiresInDays ?? 90)).toISOString(),
      last_used_at: null,
      revoked_at: null,
    };
    await inTransaction(this.deps.db, async (trx) => {
      await repo.insertToken(trx, row);
      await this.deps.audit.append(
        {
          actor: actor.id,
          action: 'token.create',
          targetType: 'api_token',
          targetId: row.id,
          ...meta,
          details: { scope: row.scope },
        },
        trx,
      );
    });
    return { token: toToken(row), secret };
  }

  async listTokens(actor: Actor): Promise<ApiToken[]> {
    return (await repo.listTokens(this.deps.db, actor.id)).map(toToken);
  }

  async revokeToken(actor: Actor, id: string, meta: RequestMeta = {}) {
    if (!(await repo.revokeToken(this.deps.db, id, actor.id))) throw new NotFound('API token');
    await this.credentialsChanged(this.deps.db);
    await this.deps.audit.append({
      actor: actor.id,
      action: 'token.revoke',
      targetType: 'api_token',
      targetId: id,
      ...meta,
    });
  }

  async listUsers(actor: Actor): Promise<User[]> {
    assertAdmin(actor);
    return (await repo.listUsers(this.deps.db)).map(toUser);
  }

  async findUserByEmail(email: string) {
    const row = await repo.findUserByEmail(this.deps.db, email.trim().toLowerCase());
    return row && { user: toUser(row), actor: actorOf(row) };
  }

  /** Role, clearance and disabling; disabling or demoting ends the account's sessions. */
  async updateUser(actor: Actor, id: string, input: unknown, meta: RequestMeta = {}) {
    assertAdmin(actor);
    const data = parse(userPatchSchema, input);
    const { db, audit } = this.deps;
    const user = await repo.findUserById(db, id);
    if (!user) throw new NotFound('User');
    if (id === actor.id && (data.disabled || (data.role && data.role !== 'admin'))) {
      throw new Invalid([
        {
          field: data.disabled ? 'disabled' : 'role',
          reason: 'you cannot lock yourself out of administration',
          code: 'self_lockout',
        },
      ]);
    }
    const changes: Partial<repo.UserRow> = {};
    if (data.displayName !== undefined) changes.display_name = data.displayName;
    if (data.role !== undefined) changes.role = data.role;
    if (data.clearance !== undefined) changes.clearance = data.clearance;
    if (data.disabled !== undefined)
      changes.disabled_at = data.disabled ? new Date().toISOString() : null;
    await inTransaction(db, async (trx) => {
      await repo.updateUser(trx, id, changes);
      if (data.disabled || data.role || data.clearance)
        await repo.revokeSessions(trx, { userId: id });
      await this.credentialsChanged(trx);
      await audit.append(
        {
          actor: actor.id,
          action: 'user.update',
          targetType: 'user',
          targetId: id,
          ...meta,
          details: { role: data.role, clearance: data.clearance, disabled: data.disabled },
        },
        trx,
      );
    });
    return toUser((await repo.findUserById(db, id))!);
  }

  /** A new one-time password; the account's sessions end and the lockout lifts. */
  async resetPassword(actor: Actor, id: string, meta: RequestMeta = {}) {
    assertAdmin(actor);
    const { db, audit } = this.deps;
    const user = await repo.findUserById(db, id);
    if (!user) throw new NotFound('User');
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    await inTransaction(db, async (trx) => {
      await repo.updateUser(trx, id, {
        password_hash: passwordHash,
        must_change_password: 1,
        failed_logins: 0,
        locked_until: null,
      });
      await repo.revokeSessions(trx, { userId: id });
      await this.credentialsChanged(trx);
      await audit.append(
        {
          actor: actor.id,
          action: 'user.reset_password',
          targetType: 'user',
          targetId: id,
          ...meta,
        },
        trx,
      );
    });
    return password;
  }
}

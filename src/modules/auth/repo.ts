import type { CompiledQuery } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Role, Sensitivity } from './policy.js';

/** The SQL of accounts, sessions and API tokens. */

export interface UserRow {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  clearance: Sensitivity;
  password_hash: string;
  must_change_password: number;
  failed_logins: number;
  locked_until: string | null;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionRow {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  revoked_at: string | null;
}

export interface TokenRow {
  id: string;
  token_hash: string;
  user_id: string;
  name: string;
  scope: 'read' | 'write';
  created_at: string;
  expires_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export async function insertUser(db: Db, row: UserRow) {
  await db.insertInto('users').values(row).execute();
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return (await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst()) as
    | UserRow
    | undefined;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return (await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()) as
    | UserRow
    | undefined;
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return (await db.selectFrom('users').selectAll().orderBy('email').execute()) as UserRow[];
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateUser(db: Db, id: string, changes: Partial<UserRow>) {
  await db
    .updateTable('users')
    .set({ ...changes, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .execute();
}

export async function insertSession(db: Db, row: SessionRow) {
  await db.insertInto('sessions').values(row).execute();
}

/** What a request needs to know of the account behind a session or token. */
export type Holder = Pick<
  UserRow,
  'id' | 'role' | 'clearance' | 'disabled_at' | 'must_change_password'
>;

const HOLDER_COLUMNS = [
  'users.role as holder_role',
  'users.clearance as holder_clearance',
  'users.disabled_at as holder_disabled_at',
  'users.must_change_password as holder_must_change_password',
] as const;

type WithHolder<Row> = Row & {
  holder_role: Role;
  holder_clearance: Sensitivity;
  holder_disabled_at: string | null;
  holder_must_change_password: number;
};

function splitHolder<Row extends { user_id: string }>(
  row: WithHolder<Row> | undefined,
): { row: Row; holder: Holder } | undefined {
  if (!row) return undefined;
  const {
    holder_role: role,
    holder_clearance: clearance,
    holder_disabled_at: disabled_at,
    holder_must_change_password: must_change_password,
    ...rest
  } = row;
  return {
    row: rest as unknown as Row,
    holder: { id: row.user_id, role, clearance, disabled_at, must_change_password },
  };
}

export async function touchSession(
  db: Db,
  tokenHash: string,
  lastSeenAt: string,
  expiresAt: string,
) {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: lastSeenAt, expires_at: expiresAt })
    .where('token_hash', '=', tokenHash)
    .execute();
}

export async function revokeSessions(
  db: Db,
  where: { tokenHash?: string; userId?: string; exceptTokenHash?: string },
) {
  let query = db
    .updateTable('sessions')
    .set({ revoked_at: new Date().toISOString() })
    .where('revoked_at', 'is', null);
  if (where.tokenHash) query = query.where('token_hash', '=', where.tokenHash);
  if (where.userId) query = query.where('user_id', '=', where.userId);
  if (where.exceptTokenHash) query = query.where('token_hash', '!=', where.exceptTokenHash);
  await query.execute();
}

export async function insertToken(db: Db, row: TokenRow) {
  await db.insertInto('api_tokens').values(row).execute();
}

/**
 * A session or an API token with its account, found by its hash in one query: every
 * authenticated request asks, so a second round trip for the user would be paid on every call.
 * The query is compiled once per database handle and run with each hash: building and compiling
 * it again cost as much as running it.
 */
export async function findWithHolder<T extends 'sessions' | 'api_tokens'>(
  db: Db,
  table: T,
  tokenHash: string,
) {
  const { rows } = await db.executeQuery({ ...holderQuery(db, table), parameters: [tokenHash] });
  type Row = T extends 'sessions' ? SessionRow : TokenRow;
  return splitHolder(rows[0] as WithHolder<Row> | undefined);
}

function holderQuery(db: Db, table: 'sessions' | 'api_tokens'): CompiledQuery {
  const known = holderQueries.get(db)?.get(table);
  if (known) return known;
  const compiled = db
    .selectFrom(table as 'sessions')
    .innerJoin('users', 'users.id', `${table}.user_id` as 'sessions.user_id')
    .selectAll(table as 'sessions')
    .select(HOLDER_COLUMNS)
    .where(`${table}.token_hash` as 'sessions.token_hash', '=', '')
    .compile();
  holderQueries.set(db, (holderQueries.get(db) ?? new Map()).set(table, compiled));
  return compiled;
}

const holderQueries = new WeakMap<Db, Map<string, CompiledQuery>>();

export async function listTokens(db: Db, userId: string): Promise<TokenRow[]> {
  return (await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute()) as TokenRow[];
}

export async function markTokenUsed(db: Db, id: string, at: string) {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

export async function revokeToken(db: Db, id: string, userId: string): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

import type { Db } from '../../../db/database.js';

/** The SQL of calendar feed tokens, nothing else. */
export interface FeedTokenRow {
  id: string;
  token_hash: string;
  user_id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

const TABLE = 'calendar_feed_tokens';

export async function insertFeedToken(db: Db, row: FeedTokenRow): Promise<void> {
  await db.insertInto(TABLE).values(row).execute();
}

export async function findFeedTokenByHash(
  db: Db,
  tokenHash: string,
): Promise<FeedTokenRow | undefined> {
  return (await db
    .selectFrom(TABLE)
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst()) as FeedTokenRow | undefined;
}

export async function listFeedTokens(db: Db, userId: string): Promise<FeedTokenRow[]> {
  return (await db
    .selectFrom(TABLE)
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute()) as FeedTokenRow[];
}

export async function markFeedTokenUsed(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable(TABLE).set({ last_used_at: at }).where('id', '=', id).execute();
}

/** Revokes the user's own token; false when they have no such live token. */
export async function revokeFeedToken(db: Db, id: string, userId: string, at: string) {
  const result = await db
    .updateTable(TABLE)
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

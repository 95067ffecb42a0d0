import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Calendar feed tokens: a calendar app subscribes by URL and cannot send a header, so the feed
 * takes its own token in the query string. Such a token reads the calendar and nothing else, and
 * is stored only as a SHA-256 digest, like API tokens.
 *
 * Frozen: later changes go in new migrations.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before any typed schema exists
type AnyDb = Kysely<any>;

export function up(engine: Engine) {
  const key = engine === 'postgres' ? sql`text collate "C"` : sql`text`;
  return async (db: AnyDb) => {
    await db.schema
      .createTable('calendar_feed_tokens')
      .addColumn('id', key, (c) => c.primaryKey())
      .addColumn('token_hash', key, (c) => c.notNull().unique())
      .addColumn('user_id', key, (c) => c.notNull().references('users.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'text')
      .addColumn('revoked_at', 'text')
      .execute();
    await db.schema
      .createIndex('calendar_feed_tokens_user_idx')
      .on('calendar_feed_tokens')
      .column('user_id')
      .execute();
  };
}

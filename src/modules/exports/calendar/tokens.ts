import { z } from 'zod';
import type { Db } from '../../../db/database.js';
import { inTransaction } from '../../../db/transaction.js';
import { NotFound } from '../../../lib/errors.js';
import { newId } from '../../../lib/ids.js';
import { parseOrInvalid } from '../../../lib/zod-issues.js';
import type { AuditLog } from '../../audit/service.js';
import type { Actor } from '../../auth/policy.js';
import { digest, randomSecret } from '../../auth/secrets.js';
import type { AuthService } from '../../auth/service.js';
import * as repo from './repo.js';

/** Calendar tokens look unlike API tokens, so neither is ever mistaken for the other. */
const FEED_TOKEN_PREFIX = 'hcal_';

export const feedTokenCreateSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(100, 'must be at most 100 characters')
      .describe('where the feed is subscribed, e.g. "office Outlook"'),
  })
  .strict();

export const feedTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revoked: z.boolean(),
  })
  .meta({ id: 'CalendarFeedToken' });
export type FeedToken = z.output<typeof feedTokenSchema>;

const toFeedToken = (row: repo.FeedTokenRow): FeedToken => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revoked: row.revoked_at !== null,
});

/**
 * Tokens that read one user's calendar feed and nothing else. The feed sees what the user may
 * see now: the user's current role and clearance are looked up on every use, so demoting or
 * disabling the account narrows or closes the feed at once.
 */
export class CalendarFeedTokens {
  constructor(private readonly deps: { db: Db; audit: AuditLog; auth: AuthService }) {}

  async create(actor: Actor, input: unknown, meta: { ip?: string; requestId?: string } = {}) {
    const { name } = parseOrInvalid(feedTokenCreateSchema, input);
    const secret = `${FEED_TOKEN_PREFIX}${randomSecret()}`;
    const row: repo.FeedTokenRow = {
      id: newId(),
      token_hash: digest(secret),
      user_id: actor.id,
      name,
      created_at: new Date().toISOString(),
      last_used_at: null,
      revoked_at: null,
    };
    await inTransaction(this.deps.db, async (trx) => {
      await repo.insertFeedToken(trx, row);
      await this.deps.audit.append(
        { actor: actor.id, action: 'calendar_token.create', targetId: row.id, ...meta },
        trx,
      );
    });
    return { token: toFeedToken(row), secret };
  }

  async list(actor: Actor): Promise<FeedToken[]> {
    return (await repo.listFeedTokens(this.deps.db, actor.id)).map(toFeedToken);
  }

  async revoke(actor: Actor, id: string, meta: { ip?: string; requestId?: string } = {}) {
    const now = new Date().toISOString();
    if (!(await repo.revokeFeedToken(this.deps.db, id, actor.id, now))) {
      throw new NotFound('calendar feed token');
    }
    await this.deps.audit.append({
      actor: actor.id,
      action: 'calendar_token.revoke',
      targetId: id,
      ...meta,
    });
  }

  /** The actor a feed token reads as, or undefined for a wrong, revoked or orphaned token. */
  async authenticate(secret: string): Promise<Actor | undefined> {
    if (!secret.startsWith(FEED_TOKEN_PREFIX)) return undefined;
    const row = await repo.findFeedTokenByHash(this.deps.db, digest(secret));
    if (!row || row.revoked_at) return undefined;
    const user = await this.deps.auth
      .me({ id: row.user_id, role: 'viewer', clearance: 'public' })
      .catch(() => undefined);
    if (!user || user.disabled) return undefined;
    const now = new Date().toISOString();
    // Calendar apps poll every few minutes: note the use at most once an hour.
    if (!row.last_used_at || row.last_used_at.slice(0, 13) !== now.slice(0, 13)) {
      await repo.markFeedTokenUsed(this.deps.db, row.id, now);
    }
    return { id: user.id, role: user.role, clearance: user.clearance };
  }
}

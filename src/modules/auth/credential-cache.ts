import type { Authenticated } from './service.js';

/** A credential found valid, as kept between requests. */
interface CachedCredential {
  expiresAt: string;
  result: Authenticated;
}

export interface CachedToken extends CachedCredential {
  tokenId: string;
  lastUsedAt: string | null;
}

export interface CachedSession extends CachedCredential {
  createdAt: string;
  lastSeenAt: string;
}

/** Credentials a server keeps at most; past it the cache starts again (each is one look-up away). */
const LIMIT = 10_000;

/**
 * API tokens or sessions found valid, each good only while a request's own generation read —
 * made as it arrives, before its credential is checked — finds the generation it was filed
 * under, and until it expires. Every write that can change what a credential grants (revoking
 * it, signing out; disabling, demoting or resetting its account) moves the generation once it
 * commits (see `AuthService`), so a request that arrives after such a write is acknowledged never
 * meets the entry it made stale: at once on the server that made the write, on another once the
 * write's notice has reached it (write-generation.ts).
 */
export class CredentialCache<T extends CachedCredential> {
  private readonly entries = new Map<string, { generation: string; entry: T }>();

  /** The entry for `hash` if it was filed under `generation` and is unexpired at `now`. */
  get(hash: string, generation: string, now: string): T | undefined {
    const filed = this.entries.get(hash);
    return filed?.generation === generation && filed.entry.expiresAt > now
      ? filed.entry
      : undefined;
  }

  /** Files `entry` under the generation read before it was looked up. */
  set(hash: string, generation: string, entry: T): void {
    if (this.entries.size >= LIMIT) this.entries.clear();
    this.entries.set(hash, { generation, entry });
  }
}

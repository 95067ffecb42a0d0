import type { Authenticated } from './service.js';

/** An API token found valid, filed under the write generation read before it was looked up. */
export interface CachedToken {
  generation: string;
  tokenId: string;
  expiresAt: string;
  lastUsedAt: string | null;
  result: Authenticated;
}

/** Tokens a server keeps at most; past it the cache starts again (each is one look-up away). */
const LIMIT = 10_000;

/**
 * API tokens found valid, each good only while a request's own generation read — made as it
 * arrives, before its token is checked — finds the generation the token was filed under. Every
 * write that can change what a token grants (revoking it; disabling, demoting or resetting its
 * account) moves the generation once it commits (see `AuthService`), so a request that arrives
 * after such a write is acknowledged never meets the entry it made stale: at once on the server
 * that made the write, on another once the write's notice has reached it (write-generation.ts).
 */
export class TokenCache {
  private readonly entries = new Map<string, CachedToken>();

  get(tokenHash: string, generation: string): CachedToken | undefined {
    const entry = this.entries.get(tokenHash);
    return entry?.generation === generation ? entry : undefined;
  }

  set(tokenHash: string, entry: CachedToken): void {
    if (this.entries.size >= LIMIT) this.entries.clear();
    this.entries.set(tokenHash, entry);
  }
}

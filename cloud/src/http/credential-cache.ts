import type { Clock } from '@pdm/shared';
import type { Actor } from '../services/context.js';

/**
 * Remembers resolved credentials for a few seconds so that a busy gateway does not cost a
 * database read per request. Bounded; misses (unknown secrets) are never cached, so a new key or
 * token works at once, and a disabled user or revoked key stops working within `ttlMs`.
 */
export class CredentialCache {
  private readonly entries = new Map<string, { actor: Actor; until: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly options: { ttlMs: number; maxEntries: number },
  ) {}

  get(hash: string): Actor | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (entry.until <= this.clock.now()) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry.actor;
  }

  /** Caches until the earlier of now + ttl and the credential's own expiry. */
  set(hash: string, actor: Actor, expiresAt = Number.POSITIVE_INFINITY): void {
    if (this.entries.size >= this.options.maxEntries) this.entries.clear();
    this.entries.set(hash, { actor, until: Math.min(expiresAt, this.clock.now() + this.options.ttlMs) });
  }
}

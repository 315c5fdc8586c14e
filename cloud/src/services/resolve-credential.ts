// Use case: resolve a bearer token (a session) or an API key (a gateway) to an actor.
import { and, eq, gt } from 'drizzle-orm';
import { hashSecret } from '../security/secrets.js';
import type { Actor, Role, UseCase } from './context.js';

/** The actor behind a bearer token (a session) or an API key (a gateway), and until when it holds. */
export async function resolveCredential({
  ctx,
  input,
}: UseCase<{ secret: string }>): Promise<{ actor: Actor; expiresAt: number } | null> {
  const { sessions, users, apiKeys } = ctx.db.t;
  const hash = hashSecret(input.secret);
  const now = ctx.clock.now();
  return ctx.db.read(async (db) => {
    const session = await db
      .select({ userId: sessions.userId, role: users.role, expiresAt: sessions.expiresAt })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, hash), gt(sessions.expiresAt, now), eq(users.disabled, false)));
    const found = session[0];
    if (found) return { actor: { id: found.userId, role: found.role as Role }, expiresAt: found.expiresAt };
    const key = await db
      .select({ gatewayId: apiKeys.gatewayId })
      .from(apiKeys)
      .where(and(eq(apiKeys.keyHash, hash), eq(apiKeys.revoked, false)));
    return key[0]
      ? { actor: { id: key[0].gatewayId, role: 'gateway' }, expiresAt: Number.POSITIVE_INFINITY }
      : null;
  });
}

// Use cases: log a person in, and resolve a bearer token or gateway API key to an actor.
import { AppError } from '@pdm/shared';
import { and, eq, gt } from 'drizzle-orm';
import { hashSecret, newSecret, verifyPassword } from '../security/secrets.js';
import type { Actor, Role, UseCase } from './context.js';

export interface LoginResult {
  token: string;
  role: Role;
  expiresAt: number;
}

/** A hash to compare against when the user does not exist, so both paths cost the same. */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export async function login({
  ctx,
  input,
}: UseCase<{ username: string; password: string; ttlMs: number }>): Promise<LoginResult> {
  const { users, sessions } = ctx.db.t;
  const user = (await ctx.db.read((db) => db.select().from(users).where(eq(users.id, input.username))))[0];
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok || user.disabled) throw new AppError('UNAUTHENTICATED', 'invalid username or password');
  const token = newSecret();
  const now = ctx.clock.now();
  const expiresAt = now + input.ttlMs;
  const role = user.role as Role;
  await ctx.db.tx(async (tx) => {
    await tx
      .insert(sessions)
      .values({ tokenHash: hashSecret(token), userId: user.id, role, createdAt: now, expiresAt });
  });
  return { token, role, expiresAt };
}

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

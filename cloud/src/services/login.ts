// Use case: log a person in with a username and password.
import { AppError } from '@pdm/shared';
import { eq } from 'drizzle-orm';
import { hashSecret, newSecret, verifyPassword } from '../security/secrets.js';
import type { Role, UseCase } from './context.js';

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

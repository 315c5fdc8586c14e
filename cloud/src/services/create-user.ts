// Use case: an admin creates a person's account (passwords stored as scrypt hashes).
import { AppError } from '@pdm/shared';
import { hashPassword } from '../security/secrets.js';
import type { Role, UseCase } from './context.js';

export interface NewUser {
  id: string;
  password: string;
  role: Exclude<Role, 'gateway'>;
  displayName?: string;
}

export async function createUser({
  ctx,
  input,
}: UseCase<NewUser>): Promise<{ id: string; role: string; displayName: string; createdAt: number }> {
  const { users } = ctx.db.t;
  const passwordHash = await hashPassword(input.password);
  return ctx.db.tx(async (tx) => {
    const row = {
      id: input.id,
      passwordHash,
      role: input.role,
      displayName: input.displayName ?? input.id,
      disabled: false,
      createdAt: ctx.clock.now(),
    };
    const inserted = await tx.insert(users).values(row).onConflictDoNothing().returning({ id: users.id });
    if (inserted.length === 0)
      throw new AppError('CONFLICT', `user ${input.id} already exists`, { id: input.id });
    return { id: row.id, role: row.role, displayName: row.displayName, createdAt: row.createdAt };
  });
}

// Use case: on first start, create the admin user and gateway API keys and seed the job plans.
// Idempotent: existing users, keys and plans are left as they are.
import { eq } from 'drizzle-orm';
import { SEED_JOB_PLANS } from '../domain/job-plan-seed.js';
import { hashPassword, hashSecret } from '../security/secrets.js';
import type { UseCase } from './context.js';

export interface BootstrapInput {
  adminPassword?: string;
  gatewayKeys: { gatewayId: string; key: string }[];
}

export interface BootstrapResult {
  adminCreated: boolean;
  keysCreated: number;
  jobPlansSeeded: number;
}

export async function bootstrap({ ctx, input }: UseCase<BootstrapInput>): Promise<BootstrapResult> {
  const { users, apiKeys, jobPlans } = ctx.db.t;
  // Hash outside the transaction: scrypt is slow and must not hold the write lock.
  const adminHash = input.adminPassword ? await hashPassword(input.adminPassword) : undefined;
  return ctx.db.tx(async (tx) => {
    const now = ctx.clock.now();
    let adminCreated = false;
    if (adminHash && !(await tx.select({ id: users.id }).from(users).where(eq(users.id, 'admin')))[0]) {
      const created = await tx
        .insert(users)
        .values({
          id: 'admin',
          passwordHash: adminHash,
          role: 'admin',
          displayName: 'Administrator',
          disabled: false,
          createdAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: users.id });
      adminCreated = created.length === 1;
    }
    let keysCreated = 0;
    for (const { gatewayId, key } of input.gatewayKeys) {
      const rows = await tx
        .insert(apiKeys)
        .values({ keyHash: hashSecret(key), gatewayId, createdAt: now, revoked: false })
        .onConflictDoNothing()
        .returning({ gatewayId: apiKeys.gatewayId });
      keysCreated += rows.length;
    }
    let jobPlansSeeded = 0;
    for (const plan of SEED_JOB_PLANS) {
      const rows = await tx
        .insert(jobPlans)
        .values({ ...plan, updatedAt: now, updatedBy: 'system' })
        .onConflictDoNothing()
        .returning({ id: jobPlans.id });
      jobPlansSeeded += rows.length;
    }
    return { adminCreated, keysCreated, jobPlansSeeded };
  });
}

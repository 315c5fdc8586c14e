// Use case: give a lease back so the next run, anywhere, need not wait for it to expire.
import { and, eq } from 'drizzle-orm';
import type { UseCase } from './context.js';

export async function releaseLease({ ctx, input }: UseCase<{ name: string; holder: string }>): Promise<void> {
  const { leases } = ctx.db.t;
  await ctx.db.tx(async (tx) => {
    await tx
      .update(leases)
      .set({ expiresAt: 0 })
      .where(and(eq(leases.name, input.name), eq(leases.holder, input.holder)));
  });
}

// Use cases: take and give back a named lease, so one instance at a time runs a job.
import { and, eq, lt, or } from 'drizzle-orm';
import type { UseCase } from './context.js';

/** True when `holder` now holds the lease `name` until now + ttl (taken over if the old one expired). */
export async function acquireLease({
  ctx,
  input,
}: UseCase<{ name: string; holder: string; ttlMs: number }>): Promise<boolean> {
  const { leases } = ctx.db.t;
  const now = ctx.clock.now();
  const expiresAt = now + input.ttlMs;
  return ctx.db.tx(async (tx) => {
    const rows = await tx
      .insert(leases)
      .values({ name: input.name, holder: input.holder, expiresAt })
      .onConflictDoUpdate({
        target: leases.name,
        set: { holder: input.holder, expiresAt },
        setWhere: or(lt(leases.expiresAt, now), eq(leases.holder, input.holder)),
      })
      .returning({ holder: leases.holder });
    return rows.length === 1 && rows[0]?.holder === input.holder;
  });
}

export async function releaseLease({ ctx, input }: UseCase<{ name: string; holder: string }>): Promise<void> {
  const { leases } = ctx.db.t;
  await ctx.db.tx(async (tx) => {
    await tx
      .update(leases)
      .set({ expiresAt: 0 })
      .where(and(eq(leases.name, input.name), eq(leases.holder, input.holder)));
  });
}

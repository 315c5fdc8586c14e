// Use case: take a named lease, so that one instance at a time runs a job.
import { eq, lt, or } from 'drizzle-orm';
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

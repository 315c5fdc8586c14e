// Use case: mark gateways stale when their status went quiet or they said offline (last will).
import { and, eq, lt } from 'drizzle-orm';
import type { UseCase } from './context.js';

export async function detectStaleGateways({
  ctx,
  input,
}: UseCase<{ staleAfterMs: number }>): Promise<{ stale: string[] }> {
  const { gateways: g } = ctx.db.t;
  const now = ctx.clock.now();
  return ctx.db.tx(async (tx) => {
    const rows = await tx
      .update(g)
      .set({ stale: true, staleSince: now })
      .where(and(eq(g.stale, false), lt(g.lastSeenAt, now - input.staleAfterMs)))
      .returning({ id: g.id });
    return { stale: rows.map((r) => r.id) };
  });
}

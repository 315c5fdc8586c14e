// Use case: delete sessions that expired more than a day ago (tokens stop working at expiry anyway).
import { DAY } from '@pdm/shared';
import { lt } from 'drizzle-orm';
import type { UseCase } from './context.js';

export async function purgeExpiredSessions({
  ctx,
}: UseCase<Record<string, never>>): Promise<{ purged: number }> {
  const { sessions } = ctx.db.t;
  return ctx.db.tx(async (tx) => {
    const rows = await tx
      .delete(sessions)
      .where(lt(sessions.expiresAt, ctx.clock.now() - DAY))
      .returning({ tokenHash: sessions.tokenHash });
    return { purged: rows.length };
  });
}

// Use case: escalate proposals nobody reviewed within the SLA, once each (idempotent from state).
import { and, eq, isNull, lt } from 'drizzle-orm';
import type { UseCase } from './context.js';

export interface EscalationResult {
  escalated: string[];
}

export async function escalateProposals({ ctx }: UseCase<Record<string, never>>): Promise<EscalationResult> {
  const { workOrders: w, auditLog } = ctx.db.t;
  const now = ctx.clock.now();
  return ctx.db.tx(async (tx) => {
    const due = await tx
      .select({ id: w.id, priority: w.priority, revision: w.revision })
      .from(w)
      .where(
        and(eq(w.status, 'proposed'), isNull(w.escalatedAt), lt(w.createdAt, now - ctx.policy.proposalSlaMs)),
      )
      .limit(500);
    const escalated: string[] = [];
    for (const order of due) {
      const updated = await tx
        .update(w)
        .set({
          escalatedAt: now,
          priority: Math.max(1, order.priority - 1),
          updatedAt: now,
          revision: order.revision + 1,
        })
        .where(and(eq(w.id, order.id), isNull(w.escalatedAt), eq(w.status, 'proposed')))
        .returning({ id: w.id });
      if (updated.length === 0) continue;
      escalated.push(order.id);
      await tx.insert(auditLog).values({
        id: ctx.newId(),
        at: now,
        actor: 'system',
        role: null,
        action: 'work-order.escalated',
        target: order.id,
        outcome: 'allowed',
        reason: `proposal unreviewed for over ${Math.round(ctx.policy.proposalSlaMs / 3_600_000)} h; priority raised`,
      });
    }
    return { escalated };
  });
}

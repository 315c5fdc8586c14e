import type { UseCase } from './context.js';

export interface AuditEntry {
  actor: string;
  role: string | null;
  action: string;
  target: string | null;
  outcome: 'allowed' | 'denied';
  reason: string | null;
}

/** Appends one entry to the audit log (denials, and security-relevant changes). */
export async function recordAudit({ ctx, input }: UseCase<AuditEntry>): Promise<void> {
  await ctx.db.tx(async (tx) => {
    await tx.insert(ctx.db.t.auditLog).values({ id: ctx.newId(), at: ctx.clock.now(), ...input });
  });
}

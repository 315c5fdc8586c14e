// Use case: the newest audit entries (denials and security-relevant changes).
import { desc } from 'drizzle-orm';
import type { UseCase } from './context.js';

export async function listAuditLog({ ctx, input }: UseCase<{ limit: number }>) {
  const { auditLog } = ctx.db.t;
  return ctx.db.read((db) => db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(input.limit));
}

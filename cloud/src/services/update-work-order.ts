// Use case: a planner edits a work order that is still open (priority, due date, title, assignee).
import { AppError, type WorkOrderDetail } from '@pdm/shared';
import { and, eq } from 'drizzle-orm';
import { findWorkOrder, loadDetail } from '../db/work-order-rows.js';
import { isOpenStatus } from '../domain/lifecycle.js';
import type { Actor, UseCase } from './context.js';

export interface WorkOrderEdit {
  title?: string;
  priority?: number;
  dueAt?: number | null;
  assigneeId?: string | null;
}

export async function updateWorkOrder({
  ctx,
  input,
}: UseCase<{ actor: Actor; id: string; edit: WorkOrderEdit }>): Promise<WorkOrderDetail> {
  const { workOrders: w, auditLog } = ctx.db.t;
  return ctx.db.tx(async (tx) => {
    const row = await findWorkOrder(tx, ctx.db.t, input.id);
    if (!row) throw new AppError('NOT_FOUND', `work order ${input.id} not found`, { id: input.id });
    if (!isOpenStatus(row.status as never)) {
      throw new AppError('CONFLICT', `work order ${row.id} is ${row.status} and can no longer be edited`, {
        status: row.status,
      });
    }
    const now = ctx.clock.now();
    const updated = await tx
      .update(w)
      .set({ ...input.edit, updatedAt: now, revision: row.revision + 1 })
      .where(and(eq(w.id, row.id), eq(w.revision, row.revision)))
      .returning();
    const next = updated[0];
    if (!next)
      throw new AppError('CONFLICT', `work order ${row.id} changed meanwhile; reload and retry`, {
        id: row.id,
      });
    await tx.insert(auditLog).values({
      id: ctx.newId(),
      at: now,
      actor: input.actor.id,
      role: input.actor.role,
      action: 'work-order.edited',
      target: row.id,
      outcome: 'allowed',
      reason: JSON.stringify(input.edit).slice(0, 500),
    });
    return loadDetail(tx, ctx.db.t, next);
  });
}

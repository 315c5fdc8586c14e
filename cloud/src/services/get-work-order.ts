import { AppError, type WorkOrderDetail } from '@pdm/shared';
import { findWorkOrder, loadDetail } from '../db/work-order-rows.js';
import type { Actor, UseCase } from './context.js';

/** Object-level rule: a technician reads and touches only the jobs assigned to them. */
export function assertMayTouch(actor: Actor, row: { id: string; assigneeId: string | null }): void {
  if (actor.role === 'technician' && row.assigneeId !== actor.id) {
    throw new AppError('FORBIDDEN', `work order ${row.id} is not assigned to you`, { id: row.id });
  }
}

/** One work order with its alert timeline, merged evidence and history. */
export async function getWorkOrder({
  ctx,
  input,
}: UseCase<{ actor: Actor; id: string }>): Promise<WorkOrderDetail> {
  return ctx.db.read(async (db) => {
    const row = await findWorkOrder(db, ctx.db.t, input.id);
    if (!row) throw new AppError('NOT_FOUND', `work order ${input.id} not found`, { id: input.id });
    assertMayTouch(input.actor, row);
    return loadDetail(db, ctx.db.t, row);
  });
}

// Use case: one work order with its alert timeline, merged evidence and history.
import { AppError, type WorkOrderDetail } from '@pdm/shared';
import { findWorkOrder, loadDetail } from '../db/work-order-rows.js';
import { assertMayTouch } from '../domain/access.js';
import type { Actor, UseCase } from './context.js';

/** The object-level rule, also used by close-out (it lives in the domain). */
export { assertMayTouch };

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

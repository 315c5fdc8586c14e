// Use case: move a work order along its lifecycle. Exactly one of several concurrent identical
// requests wins: the update is conditional on the status the caller saw.
import { AppError, type WorkOrderDetail, type WorkOrderStatus } from '@pdm/shared';
import { and, eq } from 'drizzle-orm';
import { isUniqueViolation } from '../db/database.js';
import { findWorkOrder, insertEvent, loadDetail } from '../db/work-order-rows.js';
import { assertMayTouch } from '../domain/access.js';
import { assertTransition, isOpenStatus, openKey, roleMaySet } from '../domain/lifecycle.js';
import type { Actor, UseCase } from './context.js';
import { emitDispatchEvent, URGENT_PRIORITY } from './dispatch/dispatch-events.js';

export interface TransitionInput {
  actor: Actor;
  id: string;
  to: WorkOrderStatus;
  reason?: string;
}

export async function transitionWorkOrder({
  ctx,
  input,
}: UseCase<TransitionInput>): Promise<WorkOrderDetail> {
  const { workOrders: w } = ctx.db.t;
  const { actor, to } = input;
  if (!roleMaySet(actor.role, to)) {
    throw new AppError('FORBIDDEN', `role ${actor.role} may not move a work order to ${to}`, { to });
  }
  try {
    const detail = await ctx.db.tx(async (tx) => {
      const row = await findWorkOrder(tx, ctx.db.t, input.id);
      if (!row) throw new AppError('NOT_FOUND', `work order ${input.id} not found`, { id: input.id });
      assertMayTouch(actor, row);
      const from = row.status as WorkOrderStatus;
      assertTransition(from, to);
      const now = ctx.clock.now();
      const keepKey = isOpenStatus(to);
      const updated = await tx
        .update(w)
        .set({
          status: to,
          updatedAt: now,
          revision: row.revision + 1,
          openKey: keepKey ? openKey(row.assetId, row.failureMode) : null,
        })
        .where(and(eq(w.id, row.id), eq(w.status, from), eq(w.revision, row.revision)))
        .returning();
      const next = updated[0];
      if (!next) throw raced(row.id, from, to);
      await insertEvent(tx, ctx.db.t, {
        id: ctx.newId(),
        workOrderId: row.id,
        at: now,
        actor: actor.id,
        from,
        to,
        reason: input.reason ?? null,
      });
      return loadDetail(tx, ctx.db.t, next);
    });
    // Event, after the commit: an urgent order is now dispatchable; the run starts on its own.
    if (to === 'approved' && detail.priority === URGENT_PRIORITY) {
      emitDispatchEvent(ctx, { kind: 'urgent_order', workOrderId: detail.id });
    }
    return detail;
  } catch (err) {
    // Reopening (completed -> in_progress) while another order holds the open key.
    if (isUniqueViolation(err)) {
      throw new AppError('CONFLICT', 'another open work order exists for this asset and failure mode', {
        id: input.id,
      });
    }
    throw err;
  }
}

function raced(id: string, from: WorkOrderStatus, to: WorkOrderStatus): AppError {
  return new AppError(
    'CONFLICT',
    `work order ${id} changed while moving it from ${from} to ${to}; reload and retry`,
    {
      id,
    },
  );
}

// Writes one dispatch decision: the order's reservations and its assignment in one transaction.
import { AppError, type WorkOrderStatus } from '@pdm/shared';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { findWorkOrder, insertEvent } from '../../db/work-order-rows.js';
import type { Assignment, PurchaseNeed } from '../../domain/dispatch/index.js';
import type { Actor, ServiceContext } from '../context.js';
import { releaseReservations, reserveStock } from './stock.js';

export interface ApplyHooks {
  /** Fault-injection seam: runs after the stock moved and before the order is updated. */
  beforeOrderUpdate?: () => Promise<void>;
}

interface ApplyInput {
  actor: Actor;
  runId: string;
  assignment: Assignment;
  hooks?: ApplyHooks;
}

async function moveOrder(
  tx: Db,
  ctx: ServiceContext,
  input: { id: string; actor: Actor; to: WorkOrderStatus; assigneeId: string | null; reason: string },
) {
  const w = ctx.db.t.workOrders;
  const row = await findWorkOrder(tx, ctx.db.t, input.id);
  if (!row) throw new AppError('NOT_FOUND', `work order ${input.id} not found`);
  const from = row.status as WorkOrderStatus;
  const now = ctx.clock.now();
  const updated = await tx
    .update(w)
    .set({ status: input.to, assigneeId: input.assigneeId, updatedAt: now, revision: row.revision + 1 })
    .where(and(eq(w.id, row.id), eq(w.revision, row.revision)))
    .returning({ id: w.id });
  if (updated.length === 0) throw new AppError('CONFLICT', `work order ${row.id} changed during dispatch`);
  if (from !== input.to || row.assigneeId !== input.assigneeId) {
    await insertEvent(tx, ctx.db.t, {
      id: ctx.newId(),
      workOrderId: row.id,
      at: now,
      actor: input.actor.id,
      from,
      to: input.to,
      reason: input.reason,
    });
  }
  return { from };
}

/**
 * Reserves the chosen parts and schedules the order with the technician, or does nothing at all:
 * a reservation that fails (stock taken meanwhile) or any later error rolls every write back.
 */
export async function applyAssignment(ctx: ServiceContext, input: ApplyInput): Promise<void> {
  const { assignment: a } = input;
  await ctx.db.tx(async (tx) => {
    const t = ctx.db.t;
    const now = ctx.clock.now();
    const row = await findWorkOrder(tx, t, a.orderId);
    if (!row || !['approved', 'scheduled', 'awaiting_parts'].includes(row.status)) {
      throw new AppError('CONFLICT', `work order ${a.orderId} is no longer waiting for dispatch`);
    }
    await releaseReservations(tx, t, a.orderId, now);
    for (const p of a.parts) {
      await reserveStock(tx, t, {
        id: ctx.newId(),
        workOrderId: a.orderId,
        warehouseId: p.warehouseId,
        partId: p.partId,
        qty: p.qty,
        now,
      });
    }
    await input.hooks?.beforeOrderUpdate?.();
    await moveOrder(tx, ctx, {
      id: a.orderId,
      actor: input.actor,
      to: 'scheduled',
      assigneeId: a.technicianId,
      reason: `dispatch: ${a.summary}`.slice(0, 1000),
    });
    const values = {
      technicianId: a.technicianId,
      runId: input.runId,
      startAt: a.startAt,
      endAt: a.endAt,
      explanation: { ...a },
      createdAt: now,
    };
    await tx
      .insert(t.assignments)
      .values({ workOrderId: a.orderId, ...values })
      .onConflictDoUpdate({ target: t.assignments.workOrderId, set: values });
  });
}

/** Raises the purchase requests an order waits for and moves it to awaiting_parts, in one transaction. */
export async function applyPurchases(
  ctx: ServiceContext,
  input: { actor: Actor; orderId: string; needs: readonly PurchaseNeed[] },
): Promise<void> {
  await ctx.db.tx(async (tx) => {
    const t = ctx.db.t;
    const row = await findWorkOrder(tx, t, input.orderId);
    if (row?.status !== 'approved') return;
    const now = ctx.clock.now();
    for (const need of input.needs) {
      await tx
        .insert(t.purchaseRequests)
        .values({
          id: ctx.newId(),
          partId: need.partId,
          qty: need.qty,
          workOrderId: input.orderId,
          status: 'open',
          reason: need.summary,
          createdAt: now,
          expectedAt: need.arrivesAt ?? now,
          lateForFailure: !need.beforeFailure,
          openKey: `${need.partId}/${input.orderId}`,
        })
        .onConflictDoNothing();
    }
    const reason = input.needs
      .map((n) => n.summary)
      .join('; ')
      .slice(0, 1000);
    await moveOrder(tx, ctx, {
      id: input.orderId,
      actor: input.actor,
      to: 'awaiting_parts',
      assigneeId: row.assigneeId,
      reason,
    });
  });
}

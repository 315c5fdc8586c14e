// Reorder points: raise a purchase request before stock runs out, counting the parts that open
// predicted work orders (not yet holding reservations) will need. Idempotent from database state:
// one open reorder request per part, by a unique key.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { UseCase } from '../context.js';

const WAITING = ['proposed', 'approved', 'awaiting_parts'];

export async function raiseReorderRequests({
  ctx,
}: UseCase<Record<string, never>>): Promise<{ raised: string[] }> {
  const t = ctx.db.t;
  const now = ctx.clock.now();
  const { parts, free, demand } = await ctx.db.read(async (db) => {
    const parts = await db.select().from(t.parts);
    const fixed = new Set(
      (await db.select().from(t.warehouses)).filter((w) => w.technicianId === null).map((w) => w.id),
    );
    const free = new Map<string, number>();
    for (const s of await db.select().from(t.stock)) {
      if (fixed.has(s.warehouseId)) free.set(s.partId, (free.get(s.partId) ?? 0) + s.onHand - s.reserved);
    }
    const orders = await db.select().from(t.workOrders).where(inArray(t.workOrders.status, WAITING));
    const plans = new Map((await db.select().from(t.jobPlans)).map((p) => [p.id, p]));
    const demand = new Map<string, number>();
    for (const o of orders) {
      for (const p of (o.jobPlanId ? plans.get(o.jobPlanId)?.parts : undefined) ?? []) {
        demand.set(p.partId, (demand.get(p.partId) ?? 0) + p.quantity);
      }
    }
    return { parts, free, demand };
  });
  const raised: string[] = [];
  for (const part of parts) {
    const projected = (free.get(part.id) ?? 0) - (demand.get(part.id) ?? 0);
    if (projected > part.reorderPoint) continue;
    const qty = part.reorderQty + Math.max(0, part.reorderPoint - projected);
    const inserted = await ctx.db.tx(async (tx) =>
      tx
        .insert(t.purchaseRequests)
        .values({
          id: ctx.newId(),
          partId: part.id,
          qty,
          workOrderId: null,
          status: 'open',
          reason: `projected stock ${projected} (free ${free.get(part.id) ?? 0}, needed by open orders ${demand.get(part.id) ?? 0}) at or below reorder point ${part.reorderPoint}`,
          createdAt: now,
          expectedAt: now + part.leadTimeMs,
          lateForFailure: false,
          openKey: `${part.id}/reorder`,
        })
        .onConflictDoNothing()
        .returning({ id: t.purchaseRequests.id }),
    );
    if (inserted.length > 0) raised.push(part.id);
  }
  return { raised };
}

/** A received purchase adds to stock at a warehouse and frees the reorder key. */
export async function receivePurchase({ ctx, input }: UseCase<{ id: string; warehouseId: string }>) {
  const t = ctx.db.t;
  return ctx.db.tx(async (tx) => {
    const [req] = await tx
      .update(t.purchaseRequests)
      .set({ status: 'received', openKey: null })
      .where(and(eq(t.purchaseRequests.id, input.id), eq(t.purchaseRequests.status, 'open')))
      .returning();
    if (!req) return null;
    const now = ctx.clock.now();
    const s = t.stock;
    const [existing] = await tx
      .select()
      .from(s)
      .where(and(eq(s.warehouseId, input.warehouseId), eq(s.partId, req.partId)));
    if (existing) {
      await tx
        .update(s)
        .set({ onHand: sql`${s.onHand} + ${req.qty}`, updatedAt: now })
        .where(and(eq(s.warehouseId, input.warehouseId), eq(s.partId, req.partId)));
    } else {
      await tx.insert(s).values({
        warehouseId: input.warehouseId,
        partId: req.partId,
        onHand: req.qty,
        reserved: 0,
        updatedAt: now,
      });
    }
    return req;
  });
}

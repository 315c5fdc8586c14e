// Stock moves inside a caller's transaction. Every change is a conditional update, so stock never
// goes negative and never promises more than is on hand, whatever runs concurrently.
import { AppError } from '@pdm/shared';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import type { Tables } from '../../db/schema/index.js';

export interface ReserveLine {
  id: string;
  workOrderId: string;
  warehouseId: string;
  partId: string;
  qty: number;
  now: number;
}

/** Reserves `qty` if `on_hand - reserved >= qty` at this instant; INSUFFICIENT_STOCK otherwise. */
export async function reserveStock(tx: Db, t: Tables, line: ReserveLine): Promise<void> {
  const s = t.stock;
  const updated = await tx
    .update(s)
    .set({ reserved: sql`${s.reserved} + ${line.qty}`, updatedAt: line.now })
    .where(
      and(
        eq(s.warehouseId, line.warehouseId),
        eq(s.partId, line.partId),
        sql`${s.onHand} - ${s.reserved} >= ${line.qty}`,
      ),
    )
    .returning({ partId: s.partId });
  if (updated.length === 0) {
    throw new AppError('INSUFFICIENT_STOCK', `not enough ${line.partId} free in ${line.warehouseId}`, {
      warehouseId: line.warehouseId,
      partId: line.partId,
      qty: line.qty,
    });
  }
  await tx.insert(t.reservations).values({
    id: line.id,
    workOrderId: line.workOrderId,
    warehouseId: line.warehouseId,
    partId: line.partId,
    qty: line.qty,
    status: 'reserved',
    createdAt: line.now,
    updatedAt: line.now,
  });
}

async function openReservations(tx: Db, t: Tables, workOrderId: string) {
  return tx
    .select()
    .from(t.reservations)
    .where(and(eq(t.reservations.workOrderId, workOrderId), eq(t.reservations.status, 'reserved')));
}

async function settle(
  tx: Db,
  t: Tables,
  r: { id: string; warehouseId: string; partId: string; qty: number },
  used: number,
  now: number,
) {
  const s = t.stock;
  const updated = await tx
    .update(s)
    .set({ reserved: sql`${s.reserved} - ${r.qty}`, onHand: sql`${s.onHand} - ${used}`, updatedAt: now })
    .where(
      and(
        eq(s.warehouseId, r.warehouseId),
        eq(s.partId, r.partId),
        sql`${s.reserved} >= ${r.qty}`,
        sql`${s.onHand} >= ${used}`,
      ),
    )
    .returning({ partId: s.partId });
  if (updated.length === 0)
    throw new AppError('CONFLICT', `stock of ${r.partId} in ${r.warehouseId} is inconsistent`);
  await tx
    .update(t.reservations)
    .set({ status: used > 0 ? 'consumed' : 'released', qty: used > 0 ? used : r.qty, updatedAt: now })
    .where(eq(t.reservations.id, r.id));
}

/** Gives back everything reserved for an order (re-dispatch, cancellation). */
export async function releaseReservations(
  tx: Db,
  t: Tables,
  workOrderId: string,
  now: number,
): Promise<number> {
  const open = await openReservations(tx, t, workOrderId);
  for (const r of open) await settle(tx, t, r, 0, now);
  return open.length;
}

/**
 * Close-out: parts used come off the shelf, the rest of the reservation goes back to free stock.
 * Using more of a part than was reserved for the job is refused.
 */
export async function consumeReservations(
  tx: Db,
  t: Tables,
  input: { workOrderId: string; used: readonly { partId: string; qty: number }[]; now: number },
): Promise<void> {
  const open = await openReservations(tx, t, input.workOrderId);
  const left = new Map<string, number>();
  for (const u of input.used) left.set(u.partId, (left.get(u.partId) ?? 0) + u.qty);
  for (const r of open) {
    const use = Math.min(r.qty, left.get(r.partId) ?? 0);
    left.set(r.partId, (left.get(r.partId) ?? 0) - use);
    await settle(tx, t, r, use, input.now);
  }
  const over = [...left].filter(([, qty]) => qty > 0);
  if (over.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `parts used exceed what was reserved: ${over.map(([p, q]) => `${q}x ${p}`).join(', ')}`,
      {
        issues: over.map(([partId]) => ({ path: 'partsUsed', message: `more ${partId} than reserved` })),
      },
    );
  }
}

// Read-only: what dispatch decided for one work order (who, when, why), where its parts stand, and
// the technician's close-out.
import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../services/context.js';

export const OrderDispatchSchema = z.object({
  assignment: z
    .object({
      technicianId: z.string(),
      displayName: z.string().nullable(),
      startAt: z.number(),
      endAt: z.number(),
      runId: z.string(),
      /** The dispatch explanation: summary, skills, travel, load, parts, lateness. */
      explanation: z.record(z.string(), z.unknown()),
    })
    .nullable(),
  reservations: z.array(
    z.object({ partId: z.string(), qty: z.number(), warehouseId: z.string(), status: z.string() }),
  ),
  closeOut: z
    .object({
      technicianId: z.string(),
      notes: z.string(),
      minutesSpent: z.number(),
      failureConfirmed: z.boolean(),
      causeCode: z.string(),
      partsUsed: z.array(z.object({ partId: z.string(), qty: z.number() })),
      /** The photo as a data URL, when the technician took one. */
      photo: z.string().nullable(),
      completedAt: z.number(),
    })
    .nullable(),
  purchaseRequests: z.array(
    z.object({
      partId: z.string(),
      qty: z.number(),
      status: z.string(),
      expectedAt: z.number(),
      lateForFailure: z.boolean(),
      reason: z.string(),
    }),
  ),
});
export type OrderDispatch = z.infer<typeof OrderDispatchSchema>;

export async function loadOrderDispatch(ctx: ServiceContext, workOrderId: string): Promise<OrderDispatch> {
  const { assignments: a, technicians: t, reservations: r, purchaseRequests: p, closeOuts: c } = ctx.db.t;
  return ctx.db.read(async (db) => {
    const [row] = await db
      .select({
        technicianId: a.technicianId,
        displayName: t.displayName,
        startAt: a.startAt,
        endAt: a.endAt,
        runId: a.runId,
        explanation: a.explanation,
      })
      .from(a)
      .leftJoin(t, eq(t.id, a.technicianId))
      .where(eq(a.workOrderId, workOrderId));
    const reservations = await db
      .select({ partId: r.partId, qty: r.qty, warehouseId: r.warehouseId, status: r.status })
      .from(r)
      .where(eq(r.workOrderId, workOrderId));
    const purchaseRequests = await db
      .select({
        partId: p.partId,
        qty: p.qty,
        status: p.status,
        expectedAt: p.expectedAt,
        lateForFailure: p.lateForFailure,
        reason: p.reason,
      })
      .from(p)
      .where(eq(p.workOrderId, workOrderId));
    const [closeOut] = await db
      .select({
        technicianId: c.technicianId,
        notes: c.notes,
        minutesSpent: c.minutesSpent,
        failureConfirmed: c.failureConfirmed,
        causeCode: c.causeCode,
        partsUsed: c.partsUsed,
        photoType: c.photoType,
        photo: c.photo,
        completedAt: c.completedAt,
      })
      .from(c)
      .where(eq(c.workOrderId, workOrderId));
    return {
      assignment: row ?? null,
      reservations,
      purchaseRequests,
      closeOut: closeOut ? withPhotoUrl(closeOut) : null,
    };
  });
}

/** The stored photo (base64 and its type) as a data URL the console can show. */
function withPhotoUrl<T extends { photoType: string | null; photo: string | null }>(row: T) {
  const { photoType, photo, ...rest } = row;
  return { ...rest, photo: photoType && photo ? `data:${photoType};base64,${photo}` : null };
}

export const BoardAssignmentsSchema = z.object({
  items: z.array(
    z.object({ workOrderId: z.string(), technicianId: z.string(), startAt: z.number(), endAt: z.number() }),
  ),
});

/** The planned slot of every open order dispatch has assigned: the dispatch board's load per day. */
export async function loadBoardAssignments(
  ctx: ServiceContext,
): Promise<z.infer<typeof BoardAssignmentsSchema>> {
  const { assignments: a, workOrders: w } = ctx.db.t;
  const items = await ctx.db.read((db) =>
    db
      .select({
        workOrderId: a.workOrderId,
        technicianId: a.technicianId,
        startAt: a.startAt,
        endAt: a.endAt,
      })
      .from(a)
      .innerJoin(w, eq(w.id, a.workOrderId))
      .where(inArray(w.status, ['approved', 'scheduled', 'in_progress', 'awaiting_parts'])),
  );
  return { items };
}

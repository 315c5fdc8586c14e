// Use cases for the dispatch register: technicians, warehouses, parts and stock counts.
import { AppError } from '@pdm/shared';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Tables } from '../../db/schema/index.js';
import { insertEvent } from '../../db/work-order-rows.js';
import type { Actor, UseCase } from '../context.js';
import { emitDispatchEvent } from './dispatch-events.js';
import { releaseReservations } from './stock.js';

type Row<K extends keyof Tables> = Tables[K]['$inferSelect'];

export interface TechnicianInput {
  id: string;
  displayName: string;
  skills: Record<string, number>;
  home: { lat: number; lon: number };
  shifts: { start: number; end: number }[];
  dailyCapacityMin: number;
  vanWarehouseId: string | null;
  available: boolean;
}

export function toTechnician(r: Row<'technicians'>) {
  return {
    id: r.id,
    displayName: r.displayName,
    skills: r.skills,
    home: { lat: r.homeLat, lon: r.homeLon },
    location: r.lat !== null && r.lon !== null ? { lat: r.lat, lon: r.lon, at: r.locationAt } : null,
    shifts: r.shifts,
    dailyCapacityMin: r.dailyCapacityMin,
    vanWarehouseId: r.vanWarehouseId,
    available: r.available,
  };
}

export async function upsertTechnician({ ctx, input }: UseCase<TechnicianInput>) {
  const t = ctx.db.t.technicians;
  const values = {
    displayName: input.displayName,
    skills: input.skills,
    homeLat: input.home.lat,
    homeLon: input.home.lon,
    shifts: input.shifts,
    dailyCapacityMin: input.dailyCapacityMin,
    vanWarehouseId: input.vanWarehouseId,
    available: input.available,
    updatedAt: ctx.clock.now(),
  };
  return ctx.db.tx(async (tx) => {
    const [row] = await tx
      .insert(t)
      .values({ id: input.id, lat: null, lon: null, locationAt: null, ...values })
      .onConflictDoUpdate({ target: t.id, set: values })
      .returning();
    return toTechnician(row as Row<'technicians'>);
  });
}

/** A technician reports where they are; only their own record. */
export async function updateLocation({ ctx, input }: UseCase<{ actor: Actor; lat: number; lon: number }>) {
  const t = ctx.db.t.technicians;
  return ctx.db.tx(async (tx) => {
    const [row] = await tx
      .update(t)
      .set({ lat: input.lat, lon: input.lon, locationAt: ctx.clock.now() })
      .where(eq(t.id, input.actor.id))
      .returning();
    if (!row) throw new AppError('NOT_FOUND', `no technician record for ${input.actor.id}`);
    return toTechnician(row);
  });
}

export async function listTechnicians({ ctx }: UseCase<Record<string, never>>) {
  const rows = await ctx.db.read((db) =>
    db.select().from(ctx.db.t.technicians).orderBy(asc(ctx.db.t.technicians.id)),
  );
  return rows.map(toTechnician);
}

/** The caller's open jobs with their planned slot, explanation and reserved parts. */
export async function myJobs({ ctx, input }: UseCase<{ actor: Actor }>) {
  const t = ctx.db.t;
  return ctx.db.read(async (db) => {
    const orders = await db
      .select()
      .from(t.workOrders)
      .where(
        and(
          eq(t.workOrders.assigneeId, input.actor.id),
          inArray(t.workOrders.status, ['scheduled', 'in_progress', 'awaiting_parts', 'completed']),
        ),
      );
    const ids = orders.map((o) => o.id);
    const plans = ids.length
      ? await db.select().from(t.assignments).where(inArray(t.assignments.workOrderId, ids))
      : [];
    const held = ids.length
      ? await db
          .select()
          .from(t.reservations)
          .where(and(inArray(t.reservations.workOrderId, ids), eq(t.reservations.status, 'reserved')))
      : [];
    return orders
      .map((o) => {
        const plan = plans.find((p) => p.workOrderId === o.id);
        return {
          workOrderId: o.id,
          assetId: o.assetId,
          siteId: o.siteId,
          failureMode: o.failureMode,
          title: o.title,
          status: o.status,
          priority: o.priority,
          dueAt: o.dueAt,
          start: plan?.startAt ?? null,
          why: typeof plan?.explanation.summary === 'string' ? plan.explanation.summary : null,
          parts: held
            .filter((r) => r.workOrderId === o.id)
            .map((r) => ({ partId: r.partId, qty: r.qty, warehouseId: r.warehouseId, status: r.status })),
        };
      })
      .sort((a, b) => (a.start ?? Number.MAX_SAFE_INTEGER) - (b.start ?? Number.MAX_SAFE_INTEGER));
  });
}

export async function upsertWarehouse({ ctx, input }: UseCase<Row<'warehouses'>>) {
  const t = ctx.db.t.warehouses;
  const { id, ...values } = input;
  return ctx.db.tx(
    async (tx) =>
      (await tx.insert(t).values(input).onConflictDoUpdate({ target: t.id, set: values }).returning())[0],
  );
}

export async function upsertPart({ ctx, input }: UseCase<Omit<Row<'parts'>, 'updatedAt'>>) {
  const t = ctx.db.t.parts;
  const { id, ...rest } = input;
  const values = { ...rest, updatedAt: ctx.clock.now() };
  return ctx.db.tx(
    async (tx) =>
      (
        await tx
          .insert(t)
          .values({ id, ...values })
          .onConflictDoUpdate({ target: t.id, set: values })
          .returning()
      )[0],
  );
}

/** Sets a stock count; refused when it would fall below what is reserved. */
export async function setStockCount({
  ctx,
  input,
}: UseCase<{ warehouseId: string; partId: string; onHand: number }>) {
  const s = ctx.db.t.stock;
  return ctx.db.tx(async (tx) => {
    const [current] = await tx
      .select()
      .from(s)
      .where(and(eq(s.warehouseId, input.warehouseId), eq(s.partId, input.partId)));
    if (current && current.reserved > input.onHand) {
      throw new AppError(
        'INSUFFICIENT_STOCK',
        `${current.reserved} are reserved; on hand cannot drop to ${input.onHand}`,
      );
    }
    const now = ctx.clock.now();
    const [row] = await tx
      .insert(s)
      .values({ ...input, reserved: 0, updatedAt: now })
      .onConflictDoUpdate({
        target: [s.warehouseId, s.partId],
        set: { onHand: input.onHand, updatedAt: now },
      })
      .returning();
    return row;
  });
}

export async function listTable<
  K extends 'parts' | 'stock' | 'reservations' | 'purchaseRequests' | 'warehouses',
>({ ctx, input }: UseCase<{ table: K }>) {
  const table = ctx.db.t[input.table];
  return ctx.db.read((db) => db.select().from(table as Tables['parts'])) as unknown as Promise<Row<K>[]>;
}

/**
 * A technician became unavailable: their scheduled (not started) jobs go back to approved and
 * their reservations back to stock, in one transaction per job, so a dispatch run can re-plan them.
 * With `shifts` (the technician is still available but their shifts changed), only the jobs whose
 * planned slot no longer lies inside one of those shifts go back. Started jobs stay theirs.
 */
export async function releaseTechnicianJobs({
  ctx,
  input,
}: UseCase<{ actor: Actor; technicianId: string; shifts?: readonly { start: number; end: number }[] }>) {
  const t = ctx.db.t;
  const scheduled = await ctx.db.read((db) =>
    db
      .select()
      .from(t.workOrders)
      .where(and(eq(t.workOrders.assigneeId, input.technicianId), eq(t.workOrders.status, 'scheduled'))),
  );
  const shifts = input.shifts;
  const slots = shifts
    ? await ctx.db.read((db) =>
        scheduled.length === 0
          ? Promise.resolve([])
          : db
              .select()
              .from(t.assignments)
              .where(
                inArray(
                  t.assignments.workOrderId,
                  scheduled.map((j) => j.id),
                ),
              ),
      )
    : [];
  const fits = (id: string) => {
    const slot = slots.find((a) => a.workOrderId === id);
    // A job scheduled by hand has no planned slot: it stays.
    return slot === undefined || (shifts ?? []).some((s) => s.start <= slot.startAt && slot.endAt <= s.end);
  };
  const jobs = shifts ? scheduled.filter((j) => !fits(j.id)) : scheduled;
  const reason = shifts
    ? `technician ${input.technicianId} shift changed`
    : `technician ${input.technicianId} unavailable`;
  const released: string[] = [];
  for (const job of jobs) {
    const moved = await ctx.db.tx(async (tx) => {
      const now = ctx.clock.now();
      const [row] = await tx
        .update(t.workOrders)
        .set({ status: 'approved', assigneeId: null, updatedAt: now, revision: job.revision + 1 })
        .where(and(eq(t.workOrders.id, job.id), eq(t.workOrders.revision, job.revision)))
        .returning({ id: t.workOrders.id });
      if (!row) return false;
      await releaseReservations(tx, t, job.id, now);
      await tx.delete(t.assignments).where(eq(t.assignments.workOrderId, job.id));
      await insertEvent(tx, t, {
        id: ctx.newId(),
        workOrderId: job.id,
        at: now,
        actor: input.actor.id,
        from: 'scheduled',
        to: 'approved',
        reason,
      });
      return true;
    });
    if (moved) released.push(job.id);
  }
  if (released.length > 0) {
    // Event: the released jobs wait for a run, which starts on its own (debounced, serialised).
    emitDispatchEvent(ctx, { kind: 'technician_unavailable', technicianId: input.technicianId, released });
  }
  return released;
}

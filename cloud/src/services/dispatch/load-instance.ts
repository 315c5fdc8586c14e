// Reads what a dispatch run needs from the database and maps rows to the pure domain's shapes.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import type { Tables } from '../../db/schema/index.js';
import type { DispatchInstance, DispatchOrder, StockLevel } from '../../domain/dispatch/index.js';

const DEFAULT_DURATION_MIN = 60;

/**
 * A position a technician reported (`PUT /me/location`) is where the run plans their next trip
 * from while it is at most this old; an older one says little about where they are now (last
 * night's site, yesterday's shift), so the run plans from their home base instead.
 */
export const LOCATION_FRESH_MS = 12 * 3_600_000;

function reportedPosition(
  r: { lat: number | null; lon: number | null; locationAt: number | null },
  now: number,
): { lat: number; lon: number } | null {
  if (r.lat === null || r.lon === null || r.locationAt === null) return null;
  return now - r.locationAt <= LOCATION_FRESH_MS ? { lat: r.lat, lon: r.lon } : null;
}

export interface LoadOptions {
  now: number;
  horizonMs: number;
  /** Also reconsider scheduled (not yet started) orders, keeping them put unless the gain is large. */
  includeScheduled: boolean;
}

export interface LoadedInstance {
  instance: DispatchInstance;
  /** Orders that could not enter the run, with the reason (e.g. a site without coordinates). */
  skipped: { workOrderId: string; reason: string }[];
}

async function loadOrders(db: Db, t: Tables, options: LoadOptions) {
  const statuses = ['approved', 'awaiting_parts', ...(options.includeScheduled ? ['scheduled'] : [])];
  const rows = await db.select().from(t.workOrders).where(inArray(t.workOrders.status, statuses));
  const plans = await db.select().from(t.jobPlans);
  const sites = await db.select().from(t.sites);
  const planOf = new Map(plans.map((p) => [p.id, p]));
  const siteOf = new Map(sites.map((s) => [s.id, s]));
  const orders: DispatchOrder[] = [];
  const skipped: LoadedInstance['skipped'] = [];
  for (const row of rows) {
    const site = siteOf.get(row.siteId);
    if (site?.latitude == null || site.longitude == null) {
      skipped.push({ workOrderId: row.id, reason: `site ${row.siteId} has no coordinates` });
      continue;
    }
    const plan = row.jobPlanId ? planOf.get(row.jobPlanId) : undefined;
    orders.push({
      id: row.id,
      siteId: row.siteId,
      location: { lat: site.latitude, lon: site.longitude },
      requiredSkills: plan?.skills ?? [],
      durationMin: plan?.estimatedMinutes ?? DEFAULT_DURATION_MIN,
      priority: row.priority,
      dueAt: row.dueAt,
      predictedFailureAt: row.predictedP10,
      parts: (plan?.parts ?? []).map((p) => ({ partId: p.partId, qty: p.quantity })),
      currentAssigneeId: row.status === 'scheduled' ? row.assigneeId : null,
    });
  }
  return { orders, skipped };
}

/** Free stock as the run sees it: reservations of orders being re-planned count as free again. */
async function loadStock(db: Db, t: Tables, replanned: readonly string[]): Promise<StockLevel[]> {
  const rows = await db.select().from(t.stock);
  const held =
    replanned.length === 0
      ? []
      : await db
          .select()
          .from(t.reservations)
          .where(and(inArray(t.reservations.workOrderId, replanned), eq(t.reservations.status, 'reserved')));
  const back = new Map<string, number>();
  for (const r of held)
    back.set(`${r.warehouseId}|${r.partId}`, (back.get(`${r.warehouseId}|${r.partId}`) ?? 0) + r.qty);
  return rows.map((s) => ({
    warehouseId: s.warehouseId,
    partId: s.partId,
    onHand: s.onHand,
    reserved: s.reserved - (back.get(`${s.warehouseId}|${s.partId}`) ?? 0),
  }));
}

export async function loadInstance(db: Db, t: Tables, options: LoadOptions): Promise<LoadedInstance> {
  const { orders, skipped } = await loadOrders(db, t, options);
  const techRows = await db.select().from(t.technicians).where(eq(t.technicians.available, true));
  const started = await db.select().from(t.workOrders).where(eq(t.workOrders.status, 'in_progress'));
  const busy = new Map<string, number>();
  for (const o of started)
    if (o.assigneeId) busy.set(o.assigneeId, (busy.get(o.assigneeId) ?? 0) + DEFAULT_DURATION_MIN);
  const warehouseRows = await db.select().from(t.warehouses);
  const partRows = await db.select().from(t.parts);
  const replanned = orders.filter((o) => o.currentAssigneeId !== null).map((o) => o.id);
  const instance: DispatchInstance = {
    now: options.now,
    horizonMs: options.horizonMs,
    orders,
    technicians: techRows.map((r) => ({
      id: r.id,
      skills: r.skills,
      home: { lat: r.homeLat, lon: r.homeLon },
      location: reportedPosition(r, options.now),
      shifts: r.shifts,
      dailyCapacityMin: r.dailyCapacityMin,
      committedMin: busy.get(r.id) ?? 0,
      vanWarehouseId: r.vanWarehouseId,
    })),
    warehouses: warehouseRows.map((w) => ({
      id: w.id,
      siteId: w.siteId,
      technicianId: w.technicianId,
      location: { lat: w.lat, lon: w.lon },
    })),
    stock: await loadStock(db, t, replanned),
    parts: partRows.map((p) => ({ id: p.id, reorderPoint: p.reorderPoint, leadTimeMs: p.leadTimeMs })),
  };
  return { instance, skipped };
}

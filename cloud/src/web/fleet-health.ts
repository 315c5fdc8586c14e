// Read-only queries behind the console's fleet-health page.
import { eq, isNotNull, min } from 'drizzle-orm';
import type { ServiceContext } from '../services/context.js';
import { type FleetHealth, summarizeFleet } from './fleet-summary.js';

/** Assets by health, gateways, open orders, SLA attainment and each rule's or model's figures. */
export async function loadFleetHealth(ctx: ServiceContext): Promise<FleetHealth> {
  const { assets, gateways, workOrders: w, workOrderEvents: e, alerts: a } = ctx.db.t;
  const rows = await ctx.db.read(async (db) => ({
    assets: await db
      .select({ id: assets.id, siteId: assets.siteId, name: assets.name, criticality: assets.criticality })
      .from(assets),
    gateways: await db
      .select({
        id: gateways.id,
        state: gateways.state,
        stale: gateways.stale,
        lastSeenAt: gateways.lastSeenAt,
      })
      .from(gateways),
    orders: await db
      .select({ id: w.id, assetId: w.assetId, status: w.status, severity: w.severity, dueAt: w.dueAt })
      .from(w),
    completions: await db
      .select({ workOrderId: e.workOrderId, at: min(e.at) })
      .from(e)
      .where(eq(e.toStatus, 'completed'))
      .groupBy(e.workOrderId),
    detections: await db
      .select({
        workOrderId: a.workOrderId,
        ruleOrModel: a.ruleOrModel,
        source: a.source,
        firstAt: min(a.observedAt),
      })
      .from(a)
      .where(isNotNull(a.workOrderId))
      .groupBy(a.workOrderId, a.ruleOrModel, a.source),
  }));
  return summarizeFleet({
    now: ctx.clock.now(),
    assets: rows.assets,
    gateways: rows.gateways,
    orders: rows.orders,
    completions: rows.completions.flatMap((c) =>
      c.at === null ? [] : [{ workOrderId: c.workOrderId, at: Number(c.at) }],
    ),
    detections: rows.detections.flatMap((d) =>
      d.workOrderId === null || d.firstAt === null
        ? []
        : [{ ...d, workOrderId: d.workOrderId, firstAt: Number(d.firstAt) }],
    ),
  });
}

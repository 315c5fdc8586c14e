// The fleet-health figures of the console, computed from plain rows. Pure, unit-tested.
import { OPEN_WORK_ORDER_STATUSES, type Severity, severityRank, type WorkOrderStatus } from '@pdm/shared';
import { z } from 'zod';

export const HEALTH = ['healthy', 'watch', 'at_risk'] as const;

export const FleetHealthSchema = z.object({
  generatedAt: z.number(),
  assets: z.array(
    z.object({
      id: z.string(),
      siteId: z.string(),
      name: z.string(),
      criticality: z.number(),
      health: z.enum(HEALTH),
      openOrders: z.number(),
      worstSeverity: z.string().nullable(),
    }),
  ),
  gateways: z.object({
    online: z.number(),
    stale: z.number(),
    offline: z.number(),
    items: z.array(
      z.object({ id: z.string(), state: z.string(), stale: z.boolean(), lastSeenAt: z.number() }),
    ),
  }),
  orders: z.record(z.string(), z.number()),
  sla: z.object({ completed: z.number(), onTime: z.number(), attainment: z.number().nullable() }),
  detectors: z.array(
    z.object({
      ruleOrModel: z.string(),
      source: z.string(),
      orders: z.number(),
      approved: z.number(),
      rejected: z.number(),
      acceptance: z.number().nullable(),
      completed: z.number(),
      medianLeadTimeMs: z.number().nullable(),
    }),
  ),
});
export type FleetHealth = z.infer<typeof FleetHealthSchema>;

export interface FleetRows {
  now: number;
  assets: { id: string; siteId: string; name: string; criticality: number }[];
  gateways: { id: string; state: string; stale: boolean; lastSeenAt: number }[];
  orders: { id: string; assetId: string; status: string; severity: string; dueAt: number | null }[];
  /** When each order reached `completed` (first time). */
  completions: { workOrderId: string; at: number }[];
  /** Per order and detector: the first alert it raised on that order. */
  detections: { workOrderId: string; ruleOrModel: string; source: string; firstAt: number }[];
}

const NOT_APPROVED: readonly string[] = ['proposed', 'rejected', 'cancelled'];

export function summarizeFleet(rows: FleetRows): FleetHealth {
  const completedAt = new Map<string, number>();
  for (const c of rows.completions) {
    const seen = completedAt.get(c.workOrderId);
    if (seen === undefined || c.at < seen) completedAt.set(c.workOrderId, c.at);
  }
  const orders: Record<string, number> = {};
  for (const o of rows.orders) orders[o.status] = (orders[o.status] ?? 0) + 1;
  return {
    generatedAt: rows.now,
    assets: assetHealth(rows),
    gateways: {
      online: rows.gateways.filter((g) => g.state === 'online' && !g.stale).length,
      stale: rows.gateways.filter((g) => g.stale).length,
      offline: rows.gateways.filter((g) => g.state !== 'online' && !g.stale).length,
      items: rows.gateways.map(({ id, state, stale, lastSeenAt }) => ({ id, state, stale, lastSeenAt })),
    },
    orders,
    sla: slaAttainment(rows, completedAt),
    detectors: detectorFigures(rows, completedAt),
  };
}

function assetHealth(rows: FleetRows): FleetHealth['assets'] {
  return rows.assets.map((a) => {
    const open = rows.orders.filter(
      (o) => o.assetId === a.id && OPEN_WORK_ORDER_STATUSES.includes(o.status as WorkOrderStatus),
    );
    const worst = open.reduce<string | null>(
      (w, o) =>
        w === null || severityRank(o.severity as Severity) > severityRank(w as Severity) ? o.severity : w,
      null,
    );
    const rank = worst === null ? -1 : severityRank(worst as Severity);
    const health = rank >= severityRank('major') ? 'at_risk' : rank >= 0 ? 'watch' : 'healthy';
    return { ...a, health, openOrders: open.length, worstSeverity: worst };
  });
}

/** Completed orders finished by their due date, out of completed orders that had one. */
function slaAttainment(rows: FleetRows, completedAt: Map<string, number>): FleetHealth['sla'] {
  let completed = 0;
  let onTime = 0;
  for (const o of rows.orders) {
    const at = completedAt.get(o.id);
    if (at === undefined || o.dueAt === null) continue;
    completed++;
    if (at <= o.dueAt) onTime++;
  }
  return { completed, onTime, attainment: completed > 0 ? onTime / completed : null };
}

/**
 * Per rule or model: how many orders it raised, how many the planners approved or rejected, and
 * the median time from its first alert to the repair being completed (lead time).
 */
function detectorFigures(rows: FleetRows, completedAt: Map<string, number>): FleetHealth['detectors'] {
  const status = new Map(rows.orders.map((o) => [o.id, o.status]));
  const groups = new Map<string, FleetRows['detections']>();
  for (const d of rows.detections) {
    const key = `${d.source}\u0000${d.ruleOrModel}`;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  return [...groups.values()].map((list) => {
    const statuses = list.map((d) => status.get(d.workOrderId) ?? 'proposed');
    const approved = statuses.filter((s) => !NOT_APPROVED.includes(s)).length;
    const rejected = statuses.filter((s) => s === 'rejected').length;
    const leads = list
      .map((d) => (completedAt.get(d.workOrderId) ?? Number.NaN) - d.firstAt)
      .filter((ms) => Number.isFinite(ms) && ms >= 0);
    return {
      ruleOrModel: list[0]!.ruleOrModel,
      source: list[0]!.source,
      orders: list.length,
      approved,
      rejected,
      acceptance: approved + rejected > 0 ? approved / (approved + rejected) : null,
      completed: leads.length,
      medianLeadTimeMs: median(leads),
    };
  });
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

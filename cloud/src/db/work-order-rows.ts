// Mapping between work-order rows and the API shapes from @pdm/shared.
import {
  type Evidence,
  MAX_EVIDENCE_POINTS,
  MAX_EVIDENCE_SENSORS,
  type PredictedFailure,
  type Severity,
  type WorkOrder,
  type WorkOrderAlert,
  type WorkOrderDetail,
  type WorkOrderEvent,
  type WorkOrderStatus,
} from '@pdm/shared';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from './database.js';
import type { Tables } from './schema/index.js';

type Row<K extends keyof Tables> = Tables[K]['$inferSelect'];
export type WorkOrderRow = Row<'workOrders'>;

/** Alerts shown on one work order's timeline (the newest). */
export const MAX_TIMELINE_ALERTS = 200;

export function predictedOf(row: {
  predictedP10: number | null;
  predictedP50: number | null;
  predictedP90: number | null;
}): PredictedFailure | null {
  if (row.predictedP10 === null || row.predictedP50 === null || row.predictedP90 === null) return null;
  return { p10: row.predictedP10, p50: row.predictedP50, p90: row.predictedP90 };
}

export function predictedColumns(p: PredictedFailure | null | undefined) {
  return { predictedP10: p?.p10 ?? null, predictedP50: p?.p50 ?? null, predictedP90: p?.p90 ?? null };
}

export function toWorkOrder(row: WorkOrderRow): WorkOrder {
  return {
    id: row.id,
    siteId: row.siteId,
    assetId: row.assetId,
    failureMode: row.failureMode,
    title: row.title,
    status: row.status as WorkOrderStatus,
    priority: row.priority,
    severity: row.severity as Severity,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    dueAt: row.dueAt,
    predictedFailureAt: predictedOf(row),
    alertCount: row.alertCount,
    firstAlertAt: row.firstAlertAt,
    lastAlertAt: row.lastAlertAt,
    alertCleared: row.alertCleared,
    assigneeId: row.assigneeId,
    jobPlanId: row.jobPlanId,
  };
}

export async function findWorkOrder(db: Db, t: Tables, id: string): Promise<WorkOrderRow | undefined> {
  const rows = await db.select().from(t.workOrders).where(eq(t.workOrders.id, id)).limit(1);
  return rows[0];
}

export async function loadDetail(db: Db, t: Tables, row: WorkOrderRow): Promise<WorkOrderDetail> {
  const alertRows = await db
    .select()
    .from(t.alerts)
    .where(eq(t.alerts.workOrderId, row.id))
    .orderBy(desc(t.alerts.observedAt), desc(t.alerts.id))
    .limit(MAX_TIMELINE_ALERTS);
  alertRows.reverse();
  const eventRows = await db
    .select()
    .from(t.workOrderEvents)
    .where(and(eq(t.workOrderEvents.workOrderId, row.id)))
    .orderBy(asc(t.workOrderEvents.at), asc(t.workOrderEvents.id));
  const alerts: WorkOrderAlert[] = alertRows.map((a) => ({
    id: a.id,
    source: a.source as WorkOrderAlert['source'],
    ruleOrModel: a.ruleOrModel,
    version: a.version,
    state: a.state as WorkOrderAlert['state'],
    severity: a.severity as Severity,
    observedAt: a.observedAt,
    score: a.score,
    threshold: a.threshold,
    ...(a.message === null ? {} : { message: a.message }),
  }));
  const events: WorkOrderEvent[] = eventRows.map((e) => ({
    at: e.at,
    actor: e.actor,
    from: e.fromStatus as WorkOrderStatus | null,
    to: e.toStatus as WorkOrderStatus,
    reason: e.reason,
  }));
  return { ...toWorkOrder(row), alerts, evidence: mergeEvidence(alertRows.map((a) => a.evidence)), events };
}

/** One timeline per sensor over all alerts: sorted by time, one point per timestamp, newest kept. */
export function mergeEvidence(parts: readonly Evidence[]): Evidence {
  const bySensor = new Map<string, Map<number, number>>();
  for (const part of parts) {
    for (const [sensor, points] of Object.entries(part)) {
      let series = bySensor.get(sensor);
      if (!series) {
        if (bySensor.size >= MAX_EVIDENCE_SENSORS) continue;
        series = new Map();
        bySensor.set(sensor, series);
      }
      for (const [ts, value] of points) series.set(ts, value);
    }
  }
  const merged: Evidence = {};
  for (const [sensor, series] of bySensor) {
    const points = [...series.entries()].sort((a, b) => a[0] - b[0]);
    merged[sensor] = points.slice(-MAX_EVIDENCE_POINTS);
  }
  return merged;
}

export async function insertEvent(
  db: Db,
  t: Tables,
  event: {
    id: string;
    workOrderId: string;
    at: number;
    actor: string;
    from: string | null;
    to: string;
    reason: string | null;
  },
): Promise<void> {
  await db.insert(t.workOrderEvents).values({
    id: event.id,
    workOrderId: event.workOrderId,
    at: event.at,
    actor: event.actor,
    fromStatus: event.from,
    toStatus: event.to,
    reason: event.reason,
  });
}

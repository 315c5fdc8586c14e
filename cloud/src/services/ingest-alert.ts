// Use case: store one alert (once per id) and correlate it into the open work order for its asset
// and failure mode, creating a proposal when there is none.
import type { Alert } from '@pdm/shared';
import { and, eq } from 'drizzle-orm';
import { type Db, lockKey } from '../db/database.js';
import { insertEvent, predictedColumns, predictedOf, type WorkOrderRow } from '../db/work-order-rows.js';
import { type CorrelationPlan, correlate, type OpenOrderState } from '../domain/correlation.js';
import { openKey } from '../domain/lifecycle.js';
import type { ServiceContext, UseCase } from './context.js';
import { notifyIfUrgentApproved } from './dispatch/dispatch-events.js';
import { ensureAsset } from './ensure-asset.js';
import { checkGatewaySite } from './gateway-site.js';

export type IngestOutcome = 'created' | 'joined' | 'ignored';

export interface IngestResult {
  alertId: string;
  workOrderId: string | null;
  outcome: IngestOutcome;
  /** True when this alert id was stored before; the result is the stored one. */
  duplicate: boolean;
  /** Work orders this alert created (0 or 1), for counters. */
  created: number;
}

/** Concurrent writers on PostgreSQL may race for the open key or the row revision: retry a few times. */
const MAX_ATTEMPTS = 5;

export async function ingestAlert({ ctx, input }: UseCase<{ alert: Alert }>): Promise<IngestResult> {
  const { alert } = input;
  const result = await ctx.db.tx(async (tx) => {
    const stored = await storeAlert(ctx, tx, alert);
    if (!stored) return replay(ctx, tx, alert.id);
    await checkGatewaySite(ctx, tx, alert);
    const criticality = await ensureAsset(ctx, tx, { siteId: alert.siteId, assetId: alert.assetId });
    // Alerts for one asset and failure mode take turns: each sees the order the previous one left.
    await lockKey(ctx.db, tx, openKey(alert.assetId, alert.failureMode));
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const open = await findOpen(ctx, tx, alert);
      const plan = correlate({
        alert,
        open: open ? openState(open) : null,
        criticality,
        policy: ctx.policy,
        now: ctx.clock.now(),
      });
      const result = await apply(ctx, tx, { alert, open, plan });
      if (result) {
        await tx
          .update(ctx.db.t.alerts)
          .set({ workOrderId: result.workOrderId, outcome: result.outcome })
          .where(eq(ctx.db.t.alerts.id, alert.id));
        return result;
      }
    }
    throw new Error(`alert ${alert.id}: work order kept changing under ${MAX_ATTEMPTS} attempts`);
  });
  // Event, after the commit: an auto-approved urgent order starts a dispatch run on its own.
  if (result.outcome === 'created' && !result.duplicate && result.workOrderId) {
    await notifyIfUrgentApproved(ctx, result.workOrderId);
  }
  return result;
}

async function storeAlert(ctx: ServiceContext, tx: Db, alert: Alert): Promise<boolean> {
  const inserted = await tx
    .insert(ctx.db.t.alerts)
    .values({
      id: alert.id,
      workOrderId: null,
      gatewayId: alert.gatewayId,
      siteId: alert.siteId,
      assetId: alert.assetId,
      source: alert.source,
      ruleOrModel: alert.ruleOrModel,
      version: alert.version,
      failureMode: alert.failureMode,
      severity: alert.severity,
      state: alert.state,
      openedAt: alert.openedAt,
      observedAt: alert.observedAt,
      score: alert.score,
      threshold: alert.threshold,
      ...predictedColumns(alert.predictedFailureAt),
      message: alert.message ?? null,
      evidence: alert.evidence,
      receivedAt: ctx.clock.now(),
      outcome: 'ignored',
    })
    .onConflictDoNothing()
    .returning({ id: ctx.db.t.alerts.id });
  return inserted.length === 1;
}

async function replay(ctx: ServiceContext, tx: Db, alertId: string): Promise<IngestResult> {
  const { alerts } = ctx.db.t;
  const rows = await tx
    .select({ workOrderId: alerts.workOrderId, outcome: alerts.outcome })
    .from(alerts)
    .where(eq(alerts.id, alertId));
  const row = rows[0];
  if (!row) throw new Error(`alert ${alertId} conflicted but cannot be read back`);
  return {
    alertId,
    workOrderId: row.workOrderId,
    outcome: row.outcome as IngestOutcome,
    duplicate: true,
    created: 0,
  };
}

async function findOpen(ctx: ServiceContext, tx: Db, alert: Alert): Promise<WorkOrderRow | undefined> {
  const { workOrders } = ctx.db.t;
  const rows = await tx
    .select()
    .from(workOrders)
    .where(eq(workOrders.openKey, openKey(alert.assetId, alert.failureMode)))
    .limit(1);
  return rows[0];
}

function openState(row: WorkOrderRow): OpenOrderState {
  return {
    status: row.status,
    priority: row.priority,
    severity: row.severity as OpenOrderState['severity'],
    dueAt: row.dueAt,
    predicted: predictedOf(row),
    alertCount: row.alertCount,
    firstAlertAt: row.firstAlertAt,
    lastAlertAt: row.lastAlertAt,
    alertCleared: row.alertCleared,
  };
}

interface ApplyInput {
  alert: Alert;
  open: WorkOrderRow | undefined;
  plan: CorrelationPlan;
}

/** Carries out a plan; undefined when a concurrent writer got there first and the plan must be redone. */
async function apply(ctx: ServiceContext, tx: Db, input: ApplyInput): Promise<IngestResult | undefined> {
  const { alert, open, plan } = input;
  const base = { alertId: alert.id, duplicate: false };
  if (plan.kind === 'ignore') return { ...base, workOrderId: null, outcome: 'ignored', created: 0 };
  if (plan.kind === 'create') {
    const id = await createOrder(ctx, tx, { alert, plan });
    return id ? { ...base, workOrderId: id, outcome: 'created', created: 1 } : undefined;
  }
  if (!open) throw new Error('join planned without an open work order');
  const joined = await joinOrder(ctx, tx, { alert, open, plan });
  return joined ? { ...base, workOrderId: open.id, outcome: 'joined', created: 0 } : undefined;
}

type CreatePlan = Extract<CorrelationPlan, { kind: 'create' }>;

async function createOrder(
  ctx: ServiceContext,
  tx: Db,
  input: { alert: Alert; plan: CreatePlan },
): Promise<string | undefined> {
  const { alert, plan } = input;
  const { workOrders, jobPlans } = ctx.db.t;
  const now = ctx.clock.now();
  const jobPlan = (
    await tx.select().from(jobPlans).where(eq(jobPlans.failureMode, alert.failureMode)).limit(1)
  )[0];
  const id = ctx.newId();
  const title = `${jobPlan?.title ?? humanise(alert.failureMode)}: ${alert.assetId}`;
  const inserted = await tx
    .insert(workOrders)
    .values(newOrderRow(alert, plan, { id, now, title, jobPlanId: jobPlan?.id ?? null }))
    .onConflictDoNothing()
    .returning({ id: workOrders.id });
  if (inserted.length === 0) return undefined;
  const event = { workOrderId: id, at: now, actor: 'system' };
  const reason = `alert ${alert.id} from ${alert.ruleOrModel} ${alert.version}`;
  await insertEvent(tx, ctx.db.t, { ...event, id: ctx.newId(), from: null, to: 'proposed', reason });
  if (plan.autoApprove) {
    const why = 'auto-approved: high-confidence prediction on a critical asset';
    await insertEvent(tx, ctx.db.t, {
      ...event,
      id: ctx.newId(),
      from: 'proposed',
      to: 'approved',
      reason: why,
    });
  }
  return id;
}

function newOrderRow(
  alert: Alert,
  plan: CreatePlan,
  meta: { id: string; now: number; title: string; jobPlanId: string | null },
): WorkOrderRow {
  return {
    id: meta.id,
    siteId: alert.siteId,
    assetId: alert.assetId,
    failureMode: alert.failureMode,
    title: meta.title,
    status: plan.autoApprove ? 'approved' : 'proposed',
    priority: plan.priority,
    severity: plan.severity,
    createdAt: meta.now,
    updatedAt: meta.now,
    dueAt: plan.dueAt,
    ...predictedColumns(plan.predicted),
    alertCount: 1,
    firstAlertAt: alert.observedAt,
    lastAlertAt: alert.observedAt,
    alertCleared: false,
    assigneeId: null,
    jobPlanId: meta.jobPlanId,
    openKey: openKey(alert.assetId, alert.failureMode),
    escalatedAt: null,
    revision: 1,
  };
}

async function joinOrder(
  ctx: ServiceContext,
  tx: Db,
  input: { alert: Alert; open: WorkOrderRow; plan: Extract<CorrelationPlan, { kind: 'join' }> },
): Promise<boolean> {
  const { open, plan } = input;
  const { workOrders } = ctx.db.t;
  const now = ctx.clock.now();
  const { next } = plan;
  const updated = await tx
    .update(workOrders)
    .set({
      priority: next.priority,
      severity: next.severity,
      dueAt: next.dueAt,
      ...predictedColumns(next.predicted),
      alertCount: next.alertCount,
      firstAlertAt: next.firstAlertAt,
      lastAlertAt: next.lastAlertAt,
      alertCleared: next.alertCleared,
      updatedAt: now,
      revision: open.revision + 1,
      ...(plan.cancel ? { status: 'cancelled', openKey: null } : {}),
    })
    .where(and(eq(workOrders.id, open.id), eq(workOrders.revision, open.revision)))
    .returning({ revision: workOrders.revision });
  if (updated.length === 0) return false;
  if (plan.cancel) {
    const reason = `alert ${input.alert.id} cleared before approval (auto-cancel policy)`;
    await insertEvent(tx, ctx.db.t, {
      id: ctx.newId(),
      workOrderId: open.id,
      at: now,
      actor: 'system',
      from: open.status,
      to: 'cancelled',
      reason,
    });
  }
  return true;
}

function humanise(failureMode: string): string {
  const words = failureMode.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

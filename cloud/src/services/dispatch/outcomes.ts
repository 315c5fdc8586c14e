// Close-out outcomes per rule or model: precision, lead time, false alarms, and the labelled export
// that `pdm-models retrain` reads (JSON lines).
import { and, eq, inArray } from 'drizzle-orm';
import type { UseCase } from '../context.js';

export interface RuleOutcome {
  ruleOrModel: string;
  version: string;
  /** Closed orders with a close-out this rule or model alerted on. */
  closedOrders: number;
  confirmed: number;
  falseAlarms: number;
  precision: number | null;
  /** Hours from the first alert to the technician's confirmation, over confirmed failures. */
  medianLeadTimeHours: number | null;
}

export interface Label {
  alertId: string;
  ruleOrModel: string;
  version: string;
  assetId: string;
  failureMode: string;
  confirmed: boolean;
  closedAt: string;
  score: number;
  threshold: number;
  /** When the alert opened and was last seen: the time range of the data behind it (fine-tuning reads it). */
  openedAt: string;
  observedAt: string;
}

async function closedWithOutcome({ ctx }: UseCase<unknown>) {
  return ctx.db.read(async (db) => {
    const t = ctx.db.t;
    const orders = await db.select().from(t.workOrders).where(eq(t.workOrders.status, 'closed'));
    const ids = orders.map((o) => o.id);
    if (ids.length === 0) return [];
    const outcomes = await db.select().from(t.closeOuts).where(inArray(t.closeOuts.workOrderId, ids));
    const alerts = await db.select().from(t.alerts).where(inArray(t.alerts.workOrderId, ids));
    const closedEvents = await db
      .select()
      .from(t.workOrderEvents)
      .where(and(inArray(t.workOrderEvents.workOrderId, ids), eq(t.workOrderEvents.toStatus, 'closed')));
    const outcomeOf = new Map(outcomes.map((o) => [o.workOrderId, o]));
    const closedAt = new Map<string, number>();
    for (const e of closedEvents)
      closedAt.set(e.workOrderId, Math.max(closedAt.get(e.workOrderId) ?? 0, e.at));
    return orders.flatMap((order) => {
      const outcome = outcomeOf.get(order.id);
      if (!outcome) return [];
      const mine = alerts.filter((a) => a.workOrderId === order.id);
      return [{ order, outcome, alerts: mine, closedAt: closedAt.get(order.id) ?? order.updatedAt }];
    });
  });
}

function medianOf(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export async function ruleOutcomes({ ctx }: UseCase<Record<string, never>>): Promise<RuleOutcome[]> {
  const rows = await closedWithOutcome({ ctx, input: {} });
  const groups = new Map<
    string,
    { ruleOrModel: string; version: string; confirmed: number; orders: number; leads: number[] }
  >();
  for (const { outcome, alerts } of rows) {
    const seen = new Set<string>();
    for (const a of alerts) {
      const key = `${a.ruleOrModel}@${a.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const g = groups.get(key) ?? {
        ruleOrModel: a.ruleOrModel,
        version: a.version,
        confirmed: 0,
        orders: 0,
        leads: [],
      };
      g.orders++;
      if (outcome.failureConfirmed) {
        g.confirmed++;
        const first = Math.min(
          ...alerts.filter((x) => `${x.ruleOrModel}@${x.version}` === key).map((x) => x.observedAt),
        );
        g.leads.push((outcome.completedAt - first) / 3_600_000);
      }
      groups.set(key, g);
    }
  }
  return [...groups.values()]
    .map((g) => ({
      ruleOrModel: g.ruleOrModel,
      version: g.version,
      closedOrders: g.orders,
      confirmed: g.confirmed,
      falseAlarms: g.orders - g.confirmed,
      precision: g.orders > 0 ? g.confirmed / g.orders : null,
      medianLeadTimeHours: medianOf(g.leads),
    }))
    .sort((a, b) => a.ruleOrModel.localeCompare(b.ruleOrModel) || a.version.localeCompare(b.version));
}

/** One label per alert on a closed order with a close-out, oldest order first. */
export async function exportLabels({ ctx }: UseCase<Record<string, never>>): Promise<Label[]> {
  const rows = await closedWithOutcome({ ctx, input: {} });
  return rows
    .sort((a, b) => a.closedAt - b.closedAt)
    .flatMap(({ outcome, alerts, closedAt }) =>
      alerts.map((a) => ({
        alertId: a.id,
        ruleOrModel: a.ruleOrModel,
        version: a.version,
        assetId: a.assetId,
        failureMode: a.failureMode,
        confirmed: outcome.failureConfirmed,
        closedAt: new Date(closedAt).toISOString(),
        score: a.score,
        threshold: a.threshold,
        openedAt: new Date(a.openedAt).toISOString(),
        observedAt: new Date(a.observedAt).toISOString(),
      })),
    );
}

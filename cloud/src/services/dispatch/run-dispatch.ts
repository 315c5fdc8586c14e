// Use case: one dispatch run. The plan is computed outside any transaction (it may take seconds);
// each order's decision is then written in its own transaction, re-checked against current stock.
import { AppError } from '@pdm/shared';
import type { Highs } from 'highs';
import {
  type DispatchPlan,
  type DispatchRun,
  dispatch,
  type PartPick,
  type TravelModel,
} from '../../domain/dispatch/index.js';
import type { Actor, ServiceContext, UseCase } from '../context.js';
import { applyAssignment, applyPurchases } from './apply.js';
import { loadInstance } from './load-instance.js';
import type { SolverThread } from './solver-thread.js';

export interface RunDispatchInput {
  actor: Actor;
  trigger: 'manual' | 'schedule' | 'urgent_order' | 'technician_unavailable';
  highs: Highs | null;
  timeLimitSec?: number;
  horizonMs?: number;
  travel?: TravelModel;
  /** Solve on this worker thread instead of in-process (the default travel model only). */
  thread?: SolverThread | null;
}

export interface DispatchRunResult {
  runId: string;
  solver: string;
  solvedOn: 'worker' | 'in-process';
  durationMs: number | null;
  objective: number;
  bound: number;
  gap: number;
  heuristicGap: number;
  /** The plan priced with each technician's jobs in sequence (not what the solver optimised). */
  sequencedObjective: number;
  status: string;
  assignments: {
    workOrderId: string;
    technicianId: string;
    start: number;
    end: number;
    why: string;
    parts: PartPick[];
  }[];
  unassigned: { workOrderId: string; reason: string }[];
  purchaseRequests: {
    workOrderId: string;
    partId: string;
    qty: number;
    expectedAt: number | null;
    late: boolean;
    why: string;
  }[];
}

const DAY = 86_400_000;

function runRow(
  id: string,
  at: number,
  input: RunDispatchInput,
  run: DispatchRun,
  counts: { assigned: number; unassigned: number },
) {
  return {
    id,
    at,
    trigger: input.trigger,
    actor: input.actor.id,
    solver: run.solver,
    status: run.status,
    objective: run.objective,
    bound: run.bound,
    gap: run.gap,
    heuristicObjective: run.heuristicObjective,
    solveMs: run.solveMs,
    ...counts,
    summary: { ...run },
  };
}

/** Writes each decision in its own transaction; a decision overtaken meanwhile is reported, not fatal. */
async function applyPlan(
  ctx: ServiceContext,
  args: { input: RunDispatchInput; plan: DispatchPlan; runId: string; result: DispatchRunResult },
): Promise<void> {
  const { input, plan, runId, result } = args;
  for (const a of plan.assignments) {
    try {
      await applyAssignment(ctx, { actor: input.actor, runId, assignment: a });
      result.assignments.push({
        workOrderId: a.orderId,
        technicianId: a.technicianId,
        start: a.startAt,
        end: a.endAt,
        why: a.summary,
        parts: a.parts,
      });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      result.unassigned.push({ workOrderId: a.orderId, reason: `not applied: ${err.message}` });
    }
  }
  const needs = new Map<string, typeof plan.purchases>();
  for (const p of plan.purchases) needs.set(p.orderId, [...(needs.get(p.orderId) ?? []), p]);
  for (const u of plan.unassigned) result.unassigned.push({ workOrderId: u.orderId, reason: u.summary });
  for (const [orderId, list] of needs) {
    await applyPurchases(ctx, { actor: input.actor, orderId, needs: list });
    for (const p of list) {
      result.purchaseRequests.push({
        workOrderId: orderId,
        partId: p.partId,
        qty: p.qty,
        expectedAt: p.arrivesAt,
        late: !p.beforeFailure,
        why: p.summary,
      });
    }
  }
}

export async function runDispatch({ ctx, input }: UseCase<RunDispatchInput>): Promise<DispatchRunResult> {
  const now = ctx.clock.now();
  const { instance, skipped } = await ctx.db.read((db) =>
    loadInstance(db, ctx.db.t, {
      now,
      horizonMs: input.horizonMs ?? 3 * DAY,
      includeScheduled: input.trigger !== 'manual',
    }),
  );
  const timeLimitSec = input.timeLimitSec ?? 2;
  let solvedOn: DispatchRunResult['solvedOn'] = 'in-process';
  const inProcess = () => {
    solvedOn = 'in-process';
    return dispatch(instance, {
      highs: input.highs,
      timeLimitSec,
      travel: input.travel,
      // The limit covers the whole run (options, heuristic, solve), not HiGHS alone.
      clock: () => performance.now(),
    });
  };
  // A worker that cannot start or dies falls back to solving here (reported as solvedOn).
  const plan =
    input.thread && !input.travel
      ? await input.thread.solve(instance, { timeLimitSec }).then((p) => {
          solvedOn = 'worker';
          return p;
        }, inProcess)
      : inProcess();
  const runId = ctx.newId();
  const result: DispatchRunResult = {
    runId,
    solver: plan.run.solver,
    solvedOn,
    durationMs: plan.run.solveMs === null ? null : Math.round(plan.run.solveMs),
    objective: plan.run.objective,
    bound: plan.run.bound,
    gap: plan.run.gap,
    heuristicGap: plan.run.heuristicGap,
    sequencedObjective: plan.run.sequencedObjective,
    status: plan.run.status,
    assignments: [],
    unassigned: [...skipped],
    purchaseRequests: [],
  };
  await applyPlan(ctx, { input, plan, runId, result });
  const counts = { assigned: result.assignments.length, unassigned: result.unassigned.length };
  await ctx.db.tx(async (tx) => {
    await tx.insert(ctx.db.t.dispatchRuns).values(runRow(runId, now, input, plan.run, counts));
  });
  return result;
}

import type { Highs } from 'highs';
import { type Candidate, prepare } from './candidates.js';
import {
  type Assignment,
  explainAssignment,
  explainPurchase,
  explainUnassigned,
  explainUnplaced,
  type PurchaseNeed,
  type Unassigned,
} from './explain.js';
import { greedy } from './greedy.js';
import { LARGE_MODEL, type MilpOutcome, type SolveStatus, solveMilp } from './highs-solve.js';
import { improve } from './lns.js';
import { type SequencedPlan, sequencePlan } from './sequence.js';
import { type Choice, evaluate, relativeGap, trivialBound } from './solution.js';
import { TimeBudget } from './time-budget.js';
import { DEFAULT_TRAVEL, haversineTravel, type TravelModel } from './travel.js';
import { DEFAULT_WEIGHTS, type DispatchInstance, type DispatchWeights } from './types.js';

export interface DispatchOptions {
  weights?: DispatchWeights;
  travel?: TravelModel;
  /** A loaded HiGHS runtime; without one the heuristic answers alone. */
  highs?: Highs | null;
  /** Limit of the solve; with `clock`, of the whole run (options, heuristic and solve). */
  timeLimitSec?: number;
  relGap?: number;
  /** Monotonic milliseconds (e.g. `performance.now`); without it only HiGHS time is limited. */
  clock?: () => number;
}

/** What every run reports, whichever solver answered. */
export interface DispatchRun {
  solver: 'highs' | 'greedy';
  status: SolveStatus | 'heuristic';
  objective: number;
  /** Proven lower bound: HiGHS's dual bound, or the capacity-free bound without it. */
  bound: number;
  gap: number;
  heuristicObjective: number;
  heuristicGap: number;
  solveMs: number | null;
  candidates: number;
  columns: number | null;
  rows: number | null;
  fallbackReason: string | null;
  /**
   * The chosen plan once each technician's jobs are sequenced (route travel, lateness of each job at
   * its place in the route). Not what the solver optimised: `objective`, `bound` and `gap` are the
   * assignment model's; this is the same plan priced with its real timing.
   */
  sequencedObjective: number;
  /** Weighted lateness as the assignment model counts it (each job at its earliest shift start). */
  modelLatenessCost: number;
  /** Weighted lateness once sequenced. */
  sequencedLatenessCost: number;
  /** Orders the model assigned that no slot of their technician's route could hold. */
  unplacedAfterSequencing: number;
}

export interface DispatchPlan {
  run: DispatchRun;
  assignments: Assignment[];
  unassigned: Unassigned[];
  purchases: PurchaseNeed[];
  choice: Choice;
}

function tryHighs(
  options: DispatchOptions,
  run: () => MilpOutcome,
): { outcome: MilpOutcome | null; error: string | null } {
  if (!options.highs) return { outcome: null, error: 'no solver loaded' };
  try {
    return { outcome: run(), error: null };
  } catch (err) {
    return { outcome: null, error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Assigns orders to technicians and sources their parts: the heuristic first, then HiGHS warm
 * started from it under a time limit. The better feasible answer wins; both are reported.
 */
export function dispatch(instance: DispatchInstance, options: DispatchOptions = {}): DispatchPlan {
  const time = new TimeBudget(options.timeLimitSec ?? 2, options.clock ?? null);
  const travel = options.travel ?? haversineTravel(DEFAULT_TRAVEL);
  const prepared = prepare(instance, options.weights ?? DEFAULT_WEIGHTS, travel);
  // With a solver on a large model, the greedy plan alone is the warm start: the LP-guided repairs
  // improve on it faster than the ruin-and-recreate search, which runs only if the solver fails.
  const first = greedy(prepared);
  const improved = !(options.highs && prepared.candidates.length > LARGE_MODEL);
  const heuristic = improved ? improve(prepared, first) : first;
  const hEval = evaluate(prepared, heuristic);
  const { outcome, error } = tryHighs(options, () =>
    solveMilp(options.highs as Highs, prepared, {
      timeLimitSec: Math.max(0.1, time.left()),
      warmStart: heuristic,
      relGap: options.relGap,
      ...(options.clock ? { clock: options.clock } : {}),
    }),
  );
  let bound = trivialBound(prepared);
  if (outcome?.bound !== null && outcome?.bound !== undefined) bound = Math.max(bound, outcome.bound);
  let choice = heuristic;
  let objective = hEval.objective;
  let fallbackReason = error;
  if (outcome?.choice) {
    const exact = evaluate(prepared, outcome.choice);
    if (exact.violations.length > 0) fallbackReason = `solver answer rejected: ${exact.violations[0]}`;
    else if (exact.objective <= objective + 1e-6) {
      choice = outcome.choice;
      objective = exact.objective;
    }
  } else if (outcome) fallbackReason = `solver ended ${outcome.status} without a solution`;
  const usedHighs = choice !== heuristic || (outcome?.choice != null && fallbackReason === null);
  if (!usedHighs && !improved) {
    // The solver failed: the heuristic answers, with the search it skipped.
    choice = improve(prepared, heuristic);
    objective = evaluate(prepared, choice).objective;
  }
  const final = evaluate(prepared, choice);
  const sequenced = sequencePlan(prepared, choice, travel);
  const run: DispatchRun = {
    solver: usedHighs ? 'highs' : 'greedy',
    status: usedHighs && outcome ? outcome.status : 'heuristic',
    objective,
    bound: Math.min(bound, objective),
    gap: relativeGap(objective, bound),
    heuristicObjective: hEval.objective,
    heuristicGap: relativeGap(hEval.objective, bound),
    solveMs: outcome?.solveMs ?? null,
    candidates: prepared.candidates.length,
    columns: outcome?.columns ?? null,
    rows: outcome?.rows ?? null,
    fallbackReason,
    sequencedObjective: sequenced.objective,
    modelLatenessCost: final.latenessCost,
    sequencedLatenessCost: sequenced.latenessCost,
    unplacedAfterSequencing: sequenced.unplaced.length,
  };
  return { run, choice, ...describe(prepared, choice, sequenced) };
}

function describe(prepared: ReturnType<typeof prepare>, choice: Choice, sequenced: SequencedPlan) {
  const load = evaluate(prepared, choice).loadMin;
  const stops = new Map<number, number>();
  for (const job of sequenced.jobs) {
    if (!job) continue;
    const tech = (prepared.candidates[job.candidate] as Candidate).tech;
    stops.set(tech, (stops.get(tech) ?? 0) + 1);
  }
  const assignments: Assignment[] = [];
  const unassigned: Unassigned[] = [];
  const purchases: PurchaseNeed[] = [];
  prepared.orders.forEach((o, i) => {
    const c = choice[i] ?? -1;
    const job = sequenced.jobs[i];
    if (c >= 0 && job) {
      const cand = prepared.candidates[c] as Candidate;
      const route = { ...job, stops: stops.get(cand.tech) ?? 1 };
      assignments.push(explainAssignment(prepared, cand, load[cand.tech] ?? 0, route));
      return;
    }
    if (c >= 0) {
      unassigned.push(explainUnplaced(o));
      return;
    }
    unassigned.push(explainUnassigned(o));
    for (const need of o.missing) purchases.push(explainPurchase(o, need, prepared));
  });
  return { assignments, unassigned, purchases };
}

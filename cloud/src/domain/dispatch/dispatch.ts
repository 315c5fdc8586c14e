import type { Highs } from 'highs';
import { type Candidate, type Prepared, prepare } from './candidates.js';
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
import { queuePriced } from './requeue.js';
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
  /**
   * Price each option's lateness at its place in its technician's queue (from the sequenced greedy
   * plan) instead of alone at the shift start (default true). The run's objective, bound and gap
   * are then those of the re-priced model; `pricing` says which one was solved.
   */
  queuePricing?: boolean;
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
  /** Lateness in the solved model: each job alone at its earliest shift start, or queued (requeue.ts). */
  pricing: 'alone' | 'queued';
  /**
   * Queue-aware runs: the first round's plan was kept because its routes cost less than the second
   * solve's; objective, bound, gap and status are then the first round's, on the model it solved.
   */
  keptFirstRound: boolean;
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
  /** The model the run solved and reports on (options priced alone, or queue-aware). */
  model: Prepared;
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
  const base = prepare(instance, options.weights ?? DEFAULT_WEIGHTS, travel);
  // With a solver on a large model, the greedy plan alone is the warm start: the LP-guided repairs
  // improve on it faster than the ruin-and-recreate search, which runs only if the solver fails.
  const first = greedy(base);
  const queued = options.queuePricing !== false;
  let prepared = queued ? queuePriced(base, sequencePlan(base, first, travel), travel) : base;
  // Queue-aware pricing is a fixed point: the queues come from a plan, the plan from the prices.
  // A first, shorter solve on the prices of the greedy plan's queues gives a plan whose queues
  // re-price the model the second solve works on (and reports).
  const round1 = queued && options.highs ? firstRound(options, prepared, first, time) : null;
  const firstModel = prepared;
  if (round1) prepared = queuePriced(base, sequencePlan(base, round1.choice, travel), travel, prepared);
  const improved = !(options.highs && prepared.candidates.length > LARGE_MODEL);
  const heuristic = improved ? improve(prepared, first) : first;
  const hEval = evaluate(prepared, heuristic);
  const warmStart =
    round1 && evaluate(prepared, round1.choice).objective < hEval.objective ? round1.choice : heuristic;
  const spent = (round1?.solveMs ?? 0) / 1000;
  const { outcome, error } = tryHighs(options, () =>
    solveMilp(options.highs as Highs, prepared, {
      // Without a clock only solver time counts: the first round's comes off the limit. With one,
      // a little is kept for sequencing and comparing the two rounds' plans after the solve.
      timeLimitSec: Math.max(0.1, time.left() - (options.clock ? (round1 ? AFTER_SOLVE_SEC : 0) : spent)),
      warmStart,
      relGap: options.relGap,
      ...(options.clock ? { clock: options.clock } : {}),
    }),
  );
  let bound = trivialBound(prepared);
  if (outcome?.bound !== null && outcome?.bound !== undefined) bound = Math.max(bound, outcome.bound);
  let solved = outcome;
  let choice = warmStart;
  let objective = evaluate(prepared, warmStart).objective;
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
  let sequenced = sequencePlan(prepared, choice, travel);
  let status: DispatchRun['status'] = usedHighs && outcome ? outcome.status : 'heuristic';
  let keptFirstRound = false;
  if (round1 && choice !== round1.choice) {
    // The plan the technicians will follow is the sequenced one: keep the first round's plan when
    // its routes cost less. It was solved on the first round's model, so that model's objective,
    // bound and status are reported with it (in the second round's model it is not optimised).
    const other = sequencePlan(firstModel, round1.choice, travel);
    if (other.objective < sequenced.objective - 1e-6) {
      prepared = firstModel;
      choice = round1.choice;
      objective = evaluate(prepared, choice).objective;
      bound = Math.max(trivialBound(prepared), round1.outcome.bound ?? Number.NEGATIVE_INFINITY);
      sequenced = other;
      keptFirstRound = true;
      status = round1.outcome.status;
      solved = round1.outcome;
    }
  }
  const final = evaluate(prepared, choice);
  const run: DispatchRun = {
    solver: usedHighs ? 'highs' : 'greedy',
    status,
    objective,
    bound: Math.min(bound, objective),
    gap: relativeGap(objective, bound),
    heuristicObjective: keptFirstRound ? evaluate(prepared, heuristic).objective : hEval.objective,
    heuristicGap: relativeGap(
      keptFirstRound ? evaluate(prepared, heuristic).objective : hEval.objective,
      bound,
    ),
    solveMs: outcome ? outcome.solveMs + (round1?.solveMs ?? 0) : null,
    candidates: prepared.candidates.length,
    columns: solved?.columns ?? null,
    rows: solved?.rows ?? null,
    fallbackReason,
    pricing: queued ? 'queued' : 'alone',
    keptFirstRound,
    sequencedObjective: sequenced.objective,
    modelLatenessCost: final.latenessCost,
    sequencedLatenessCost: sequenced.latenessCost,
    unplacedAfterSequencing: sequenced.unplaced.length,
  };
  return { run, choice, model: prepared, ...describe(prepared, choice, sequenced) };
}

/**
 * Share of the time left that the first round of queue-aware pricing gets. At 500 x 100, 2 s, 0.2,
 * 0.3 and 0.45 gave the same first plans (its repairs stop early) and the same results.
 */
const FIRST_ROUND_SHARE = 0.3;
/** With a clock, kept back from the second solve for sequencing both rounds' plans (20-80 ms). */
const AFTER_SOLVE_SEC = 0.1;

function firstRound(
  options: DispatchOptions,
  prepared: Prepared,
  start: Choice,
  time: TimeBudget,
): { choice: Choice; solveMs: number; outcome: MilpOutcome } | null {
  const { outcome } = tryHighs(options, () =>
    solveMilp(options.highs as Highs, prepared, {
      timeLimitSec: Math.max(0.05, time.left() * FIRST_ROUND_SHARE),
      warmStart: start,
      // Its bound counts only when its plan is kept (1 run in 6 at 500 x 100): its repairs get the time.
      scheduleBound: false,
      ...(options.clock ? { clock: options.clock } : {}),
    }),
  );
  if (!outcome?.choice || evaluate(prepared, outcome.choice).violations.length > 0) return null;
  return { choice: outcome.choice, solveMs: outcome.solveMs, outcome };
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

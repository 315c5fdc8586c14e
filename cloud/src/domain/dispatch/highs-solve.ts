import type { Highs } from 'highs';
import type { Prepared } from './candidates.js';
import { coreBound } from './core-bound.js';
import { greedy } from './greedy.js';
import { improve } from './lns.js';
import { buildMilp, choiceFrom, layout, type MilpModel, startValues } from './milp.js';
import { createModel, type Relaxation, relax } from './relaxation.js';
import { disagreeing, repair } from './repair.js';
import { ScheduleBound } from './schedule-bound.js';
import { type Choice, evaluate, relativeGap } from './solution.js';
import { TimeBudget } from './time-budget.js';

export type SolveStatus = 'optimal' | 'time_limit' | 'interrupted' | 'infeasible' | 'error';

export interface MilpOutcome {
  status: SolveStatus;
  /** Null when the solver found no solution at all. */
  choice: Choice | null;
  objective: number | null;
  /** Proven lower bound on the optimum over all options. */
  bound: number | null;
  gap: number | null;
  /** Solver time as HiGHS measured it (LP rounds plus the MILP). */
  solveMs: number;
  nodes: number;
  /** Columns and rows of the MILP HiGHS solved, after reduced-cost fixing. */
  columns: number;
  rows: number;
  lpRounds: number;
}

export interface MilpOptions {
  timeLimitSec: number;
  /** A feasible choice: the first incumbent, and the cut-off for reduced-cost fixing. */
  warmStart: Choice | null;
  /** Stop once the relative gap is at most this (HiGHS default 1e-4). */
  relGap?: number;
  /** HiGHS presolve; off by default: on these models it costs seconds and removes little. */
  presolve?: boolean;
  /** Monotonic milliseconds; with it the limit covers the whole solve, not only HiGHS time. */
  clock?: () => number;
  /** Try the schedule bound on large models (default true); a solve whose bound rarely counts saves its time. */
  scheduleBound?: boolean;
}

const MODEL_STATUS_OPTIMAL = 7;
const MODEL_STATUS_INFEASIBLE = 8;
const MODEL_STATUS_TIME_LIMIT = 13;
/** Options above which diving and repair run before the full MILP. */
export const LARGE_MODEL = 3_000;

function statusOf(code: number): SolveStatus {
  if (code === MODEL_STATUS_OPTIMAL) return 'optimal';
  if (code === MODEL_STATUS_TIME_LIMIT) return 'time_limit';
  if (code === MODEL_STATUS_INFEASIBLE) return 'infeasible';
  return code === 17 ? 'interrupted' : 'error';
}

function better(p: Prepared, a: Choice | null, b: Choice): Choice {
  if (!a) return b;
  return evaluate(p, b).objective < evaluate(p, a).objective ? b : a;
}

export interface MilpRun {
  choice: Choice | null;
  objective: number | null;
  bound: number | null;
  status: SolveStatus;
  seconds: number;
  nodes: number;
  columns: number;
  rows: number;
}

export interface RunOptions {
  start: Choice;
  seconds: number;
  relGap: number;
  presolve: boolean;
}

export function runMilp(highs: Highs, p: Prepared, m: MilpModel, run: RunOptions): MilpRun {
  const model = createModel(highs, m, true);
  try {
    model.options.set({
      output_flag: false,
      time_limit: Math.max(0.05, run.seconds),
      mip_rel_gap: run.relGap,
      presolve: run.presolve ? 'on' : 'off',
    });
    model.setSolution({ colValue: startValues(p, m, run.start) });
    model.run();
    const hasSolution = Number(model.info.get('primal_solution_status')) === 2;
    const bound = Number(model.info.get('mip_dual_bound'));
    return {
      choice: hasSolution ? choiceFrom(p, m, model.getSolution().colValue) : null,
      objective: hasSolution ? model.getObjectiveValue() : null,
      bound: Number.isFinite(bound) ? bound : null,
      status: statusOf(model.getModelStatus()),
      seconds: model.getRunTime(),
      nodes: Number(model.info.get('mip_node_count')),
      columns: m.numCols,
      rows: m.numRows,
    };
  } finally {
    model.dispose();
  }
}

/**
 * Shares of the time limit. Small models: LP, then branch-and-cut on the rest. Large ones: the LP
 * bound and the exact repair of the stock-contended orders pay off within seconds; diving did not
 * (measured at 500 x 100), and branch-and-cut on the full model needs about a second of set-up
 * before it does anything, so it only runs when that much time is left.
 */
function shares(large: boolean, budget: number): { lp: number; dive: number; repair: number } {
  if (!large) return { lp: budget * 0.25, dive: 0, repair: 0 };
  return { lp: budget * LP_SHARE_LARGE, dive: 0, repair: budget * 0.35 };
}

/**
 * At most this share of the limit for the LP on large models. Column generation stops as soon as
 * no option prices out, usually well before; cutting it short leaves a Lagrangian bound far under
 * the LP value (measured: 45k instead of 60k), which makes the gap meaningless, so the LP comes
 * first and the repairs get what is left.
 */
const LP_SHARE_LARGE = 0.85;

/** Below this many seconds left a repaired plan is taken as HiGHS returned it. */
const POLISH_MIN_SEC = 0.5;

/** Repair rounds at most. */
const MAX_REPAIRS = 12;
/**
 * Repair neighbourhoods, tried in turn until one gains (then back to the first): orders held by
 * stock 1-4 hops from the unassigned ones (see `repair.ts`), or ('lp') the orders where the plan
 * and the LP relaxation disagree. At 2 s on 500 x 100, seeds 1-6, the LP neighbourhood second
 * took the median gap from 1.24% (it third) and 1.21% (first) to 1.10%; it found seed 2's plan of
 * 82,081 where stock hops alone stopped at 82,654 (the 10 s run of before had 82,247). Hops up to
 * 4: with 2, seed 1 stopped at 1.1 s of 2 s, while 4 found a reallocation worth 66.2k -> 63.1k.
 */
const NEIGHBOURHOODS = [1, 'lp', 2, 3, 4] as const;

/** On a large model the repairs leave the final branch-and-cut this much, or take it all. */
const MIN_FINAL_SEC = 1;
/** Kept back at the end of the repairs when no branch-and-cut follows (sequencing, reporting). */
const TAIL_SEC = 0.1;
/** With a clock, kept back from the final branch-and-cut for building and loading its model. */
const FINAL_SETUP_SEC = 0.3;
/**
 * Repairs that stop early (no gain even at the widest neighbourhood) leave time; with at least this
 * much the final branch-and-cut runs on it, for its bound: at 2 s on 500 x 100 that moved seed 2's
 * bound 77,216 -> 77,346 and seed 3's 64,422 -> 64,701 (gaps 1.19% -> 1.02%, 1.88% -> 1.45%). With
 * 0.4 s and 0.2 s of set-up it did a little better on seed 3 but overran 2 s by 0.1-0.2 s.
 */
const MIN_LEFTOVER_FINAL_SEC = 0.5;

/**
 * At most this share of the time left after the LP goes to the decomposition bound
 * (`core-bound.ts`): at 500 x 100 its integer programs (10-19 groups, 600-750 columns) take
 * 0.04-0.4 s and raise the LP bound by 0.05-2.9% (seed 1 priced alone: 60,467 -> 62,239, where
 * 10 s of branch-and-cut proves 62,458). A group cut short gives its dual bound.
 */
const CORE_SHARE = 0.25;

/**
 * Kept from the repairs for the schedule bound (`schedule-bound.ts`), when a probe of 5 steps
 * shows it can pass the decomposition bound. At 2 s on 500 x 100, seeds 1-6: 0.3 gave a median gap
 * of 0.93%, 0.45 1.10% (the repairs then found worse plans on seeds 1 and 2); run before the repairs
 * on half the time it gave 0.93% too, but took the repairs' time also where it could not help
 * (200 x 50 seed 2, and seed 1 with the CPU clock: 8.97%).
 */
const SCHEDULE_SHARE = 0.3;
/** Steps (and at most this share of the time left) that decide whether the schedule bound gets time. */
const PROBE_STEPS = 5;
const PROBE_SHARE = 0.15;
/** With less time than this left after the decomposition bound, the schedule bound is not tried. */
const SCHEDULE_MIN_SEC = 0.4;

/** Heuristic passes over a repaired plan, when there is time for them (0.1-0.6 s at 500 x 100). */
function polish(p: Prepared, choice: Choice, time: TimeBudget): Choice {
  return time.left() > POLISH_MIN_SEC ? improve(p, greedy(p, { start: choice })) : choice;
}

function incumbent(
  highs: Highs,
  p: Prepared,
  input: { lp: Relaxation; warmStart: Choice | null; repairSec: number; time: TimeBudget; large: boolean },
): Choice {
  const { lp, time } = input;
  // On large models the exact repairs gain far more per second than the ruin-and-recreate pass
  // (measured at 500 x 100: 0.3-0.5 s of it gained under 1%, a 0.2-0.5 s repair 5-15%), so the
  // LP-guided plan goes straight to them.
  const guided = greedy(p, { prefer: lp.lpValue });
  let start = better(p, input.warmStart, input.large ? guided : improve(p, guided));
  if (lp.dived) start = better(p, start, greedy(p, { start: lp.dived }));
  const until = Math.max(0, time.left() - input.repairSec);
  // Each repair frees the orders holding the stock the still-unassigned ones need (or those the LP
  // would do otherwise); a better answer frees a different set, so repeat while it helps and time
  // is left, trying the next neighbourhood after a round without gain.
  let step = 0;
  for (let round = 0; round < MAX_REPAIRS && time.left() - until > 0.05; round++) {
    const around = NEIGHBOURHOODS[step] ?? 1;
    const repaired = repair(highs, p, {
      choice: start,
      reducedCost: lp.pricing.reducedCost,
      seconds: time.left() - until,
      ...(around === 'lp' ? { freed: disagreeing(p, start, lp.lpValue) } : { hops: around }),
    });
    time.charge(repaired.seconds);
    const next = repaired.choice ? better(p, start, polish(p, repaired.choice, time)) : start;
    if (next !== start) step = 0;
    else if (++step >= NEIGHBOURHOODS.length) break;
    start = next;
  }
  return start;
}

const SKIPPED: MilpRun = {
  choice: null,
  objective: null,
  bound: null,
  status: 'time_limit',
  seconds: 0,
  nodes: 0,
  columns: 0,
  rows: 0,
};

/**
 * Exact solve: LP relaxation by column generation; an LP-guided heuristic and an exact repair for
 * a strong incumbent; reduced-cost fixing against it; then HiGHS branch-and-cut on what remains.
 * Options left out provably cannot beat the incumbent, so status and bound hold for the full model.
 */
export function solveMilp(highs: Highs, prepared: Prepared, options: MilpOptions): MilpOutcome {
  const L = layout(prepared);
  const time = new TimeBudget(options.timeLimitSec, options.clock ?? null);
  const large = prepared.candidates.length > LARGE_MODEL;
  const share = shares(large, options.timeLimitSec);
  const lpUntil = time.left() - share.lp;
  const lp = relax(highs, prepared, L, options.warmStart, { ...share, stop: () => time.left() <= lpUntil });
  time.charge(lp.seconds);
  // The decomposition bound next: it needs the LP's duals only, and a cap on the reduced costs it
  // looks at (any feasible plan's distance to the LP bound; the smaller, the fewer options).
  const capFrom = options.warmStart
    ? evaluate(prepared, options.warmStart).objective
    : Number.POSITIVE_INFINITY;
  const core = coreBound(highs, prepared, L, lp.pricing, {
    cap: capFrom - lp.pricing.bound,
    seconds: Math.max(0.01, time.left() * CORE_SHARE),
  });
  time.charge(core.seconds);
  // When the final branch-and-cut will not get its second anyway, the repairs take the time left
  // (but a little kept for the caller) instead of leaving it unused.
  // On large models (small ones get branch-and-cut, which proves more) a few steps of the schedule
  // bound (fairness whole) show whether it can pass the decomposition bound; if so, time is kept
  // for it after the repairs.
  const schedule =
    large && options.scheduleBound !== false && time.left() > SCHEDULE_MIN_SEC
      ? new ScheduleBound(prepared, L, lp.pricing)
      : null;
  schedule?.run({ target: capFrom, seconds: time.left() * PROBE_SHARE, maxSteps: PROBE_STEPS });
  const useful = schedule !== null && schedule.steps >= PROBE_STEPS && !schedule.behind(core.bound);
  time.charge(schedule?.seconds ?? 0);
  const afterLp = time.left();
  const scheduleSec = useful ? afterLp * SCHEDULE_SHARE : 0;
  const repairSec =
    large && afterLp - share.repair < MIN_FINAL_SEC
      ? Math.max(0, afterLp - TAIL_SEC - scheduleSec)
      : share.repair;
  const start = incumbent(highs, prepared, {
    lp,
    warmStart: options.warmStart,
    repairSec,
    time,
    large,
  });
  const cutoff = evaluate(prepared, start).objective;
  if (schedule && useful) {
    const before = schedule.seconds;
    // The warm start's objective as the target when there is one: further above the bound than the
    // repaired plan, it gives longer steps, which here climbed faster (seed 6 of 500 x 100 at 2 s:
    // 52,067 in 34 steps, against 51,865 in 31 towards the repaired plan).
    const target = Number.isFinite(capFrom) ? Math.max(capFrom, cutoff) : cutoff;
    schedule.run({ target, beat: core.bound, seconds: Math.max(0.01, time.left() - TAIL_SEC) });
    time.charge(schedule.seconds - before);
  }
  const keep = prepared.candidates
    .map((_, c) => c)
    .filter(
      (c) => lp.pricing.bound + (lp.pricing.reducedCost[c] as number) <= cutoff + 1e-6 || start.includes(c),
    );
  const left = time.left();
  const full =
    large && left < MIN_LEFTOVER_FINAL_SEC
      ? SKIPPED
      : runMilp(highs, prepared, buildMilp(prepared, highs.infinity, keep, L), {
          start,
          seconds: Math.max(0.05, left - (options.clock ? FINAL_SETUP_SEC : 0)),
          relGap: options.relGap ?? 1e-4,
          presolve: options.presolve ?? false,
        });
  const bound = Math.max(
    core.bound,
    schedule?.bound ?? Number.NEGATIVE_INFINITY,
    full.bound ?? Number.NEGATIVE_INFINITY,
  );
  const choice = full.choice ? better(prepared, start, full.choice) : start;
  const objective = evaluate(prepared, choice).objective;
  return {
    status: full.status,
    choice,
    objective,
    bound: Number.isFinite(bound) ? bound : null,
    gap: Number.isFinite(bound) ? relativeGap(objective, bound) : null,
    solveMs: (time.solverSec + full.seconds) * 1000,
    nodes: full.nodes,
    columns: full === SKIPPED ? keep.length : full.columns,
    rows: full === SKIPPED ? L.rows : full.rows,
    lpRounds: lp.rounds,
  };
}

import type { Highs, Model } from 'highs';
import type { Prepared } from './candidates.js';
import { dive } from './dive.js';
import { greedy } from './greedy.js';
import { improve } from './lns.js';
import {
  buildMilp,
  candidateEntries,
  choiceFrom,
  type Layout,
  layout,
  type MilpModel,
  startValues,
} from './milp.js';
import { improvingColumns, type Pricing, price } from './pricing.js';
import { repair } from './repair.js';
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
}

const MODEL_STATUS_OPTIMAL = 7;
const MODEL_STATUS_INFEASIBLE = 8;
const MODEL_STATUS_TIME_LIMIT = 13;
const INITIAL_PER_ORDER = 4;
const ADDED_PER_ORDER = 3;
/** Per order, at most this many distinct stock-source sets among the initial columns. */
const MAX_SOURCE_SETS = 6;
const MAX_LP_ROUNDS = 30;
/** Options above which diving and repair run before the full MILP. */
const LARGE_MODEL = 3_000;

function statusOf(code: number): SolveStatus {
  if (code === MODEL_STATUS_OPTIMAL) return 'optimal';
  if (code === MODEL_STATUS_TIME_LIMIT) return 'time_limit';
  if (code === MODEL_STATUS_INFEASIBLE) return 'infeasible';
  return code === 17 ? 'interrupted' : 'error';
}

function createModel(highs: Highs, m: MilpModel, integer: boolean): Model {
  return highs.createModel({
    numCols: m.numCols,
    numRows: m.numRows,
    colCost: m.colCost,
    colLower: m.colLower,
    colUpper: m.colUpper,
    rowLower: m.rowLower,
    rowUpper: m.rowUpper,
    matrix: {
      format: 'csc',
      numRows: m.numRows,
      numCols: m.numCols,
      starts: m.starts,
      indices: m.indices,
      values: m.values,
    },
    ...(integer ? { integrality: m.integrality as Int32Array<ArrayBuffer> } : {}),
  });
}

/**
 * The cheapest few options of every order, the cheapest per distinct set of stock sources (so the
 * first duals already see every way an order can get its parts), and those the start uses.
 */
function initialColumns(p: Prepared, start: Choice | null): number[] {
  const chosen = new Set<number>();
  for (const o of p.orders) {
    const sorted = [...o.candidates].sort(
      (a, b) => (p.candidates[a]?.cost ?? 0) - (p.candidates[b]?.cost ?? 0),
    );
    for (const c of sorted.slice(0, INITIAL_PER_ORDER)) chosen.add(c);
    const sources = new Set<string>();
    for (const c of sorted) {
      const key = (p.candidates[c]?.picks ?? []).map((k) => `${k.warehouseId}|${k.partId}`).join(',');
      if (sources.has(key) || sources.size >= MAX_SOURCE_SETS) continue;
      sources.add(key);
      chosen.add(c);
    }
  }
  start?.forEach((c) => {
    if (c >= 0) chosen.add(c);
  });
  return [...chosen];
}

function addColumns(p: Prepared, L: Layout, model: Model, columns: readonly number[]): void {
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const c of columns) {
    for (const [row, value] of candidateEntries(p, L, c)) {
      indices.push(row);
      values.push(value);
    }
    starts.push(indices.length);
  }
  model.addCols({
    cost: Float64Array.from(columns, (c) => p.candidates[c]?.cost ?? 0),
    lower: new Float64Array(columns.length),
    upper: new Float64Array(columns.length).fill(1),
    matrix: {
      format: 'csc',
      numRows: L.rows,
      numCols: columns.length,
      starts: Int32Array.from(starts),
      indices: Int32Array.from(indices),
      values: Float64Array.from(values),
    },
  });
}

interface Relaxation {
  pricing: Pricing;
  lpValue: Float64Array;
  rounds: number;
  seconds: number;
  /** An integral answer found by diving on the LP, when there was time. */
  dived: Choice | null;
}

/** LP relaxation over all options by column generation: price, add improving options, repeat. */
function relax(
  highs: Highs,
  p: Prepared,
  L: Layout,
  start: Choice | null,
  budget: { lp: number; dive: number; stop?: () => boolean },
): Relaxation {
  const seconds = budget.lp;
  const first = buildMilp(p, highs.infinity, initialColumns(p, start), L);
  const columnOf = Array.from(first.candidates);
  const inModel = new Uint8Array(p.candidates.length);
  for (const c of columnOf) inModel[c] = 1;
  const model = createModel(highs, first, false);
  try {
    model.options.set({ output_flag: false, presolve: 'off' });
    let best: Pricing | null = null;
    let rounds = 0;
    let values: ArrayLike<number> = new Float64Array(0);
    for (; rounds < MAX_LP_ROUNDS; rounds++) {
      model.options.set({ time_limit: Math.max(0.05, seconds - model.getRunTime()) });
      model.run();
      const solution = model.getSolution();
      values = solution.colValue;
      const pricing = price(p, L, solution.rowDual);
      if (!best || pricing.bound > best.bound) best = { ...pricing };
      const added = improvingColumns(p, pricing.reducedCost, inModel, ADDED_PER_ORDER);
      if (added.length === 0 || model.getRunTime() >= seconds || budget.stop?.()) break;
      addColumns(p, L, model, added);
      for (const c of added) inModel[c] = 1;
      columnOf.push(...added);
    }
    const lpValue = new Float64Array(p.candidates.length);
    columnOf.forEach((c, j) => {
      lpValue[c] = values[first.candidateCol0 + j] ?? 0;
    });
    model.options.set({ time_limit: 1e6 });
    const dived =
      budget.dive <= 0
        ? null
        : dive({
            model,
            prepared: p,
            columnOf,
            candidateCol0: first.candidateCol0,
            until: model.getRunTime() + budget.dive,
          });
    return { pricing: best as Pricing, lpValue, rounds: rounds + 1, seconds: model.getRunTime(), dived };
  } finally {
    model.dispose();
  }
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
  return { lp: budget * 0.5, dive: 0, repair: budget * 0.35 };
}

/** Repair rounds at most. */
const MAX_REPAIRS = 4;

/** Below this many seconds left, a large model skips the final branch-and-cut. */
const MIN_FINAL_SEC = 1;

function incumbent(
  highs: Highs,
  p: Prepared,
  input: { lp: Relaxation; warmStart: Choice | null; repairSec: number; time: TimeBudget },
): Choice {
  const { lp, time } = input;
  let start = better(p, input.warmStart, improve(p, greedy(p, { prefer: lp.lpValue })));
  if (lp.dived) start = better(p, start, greedy(p, { start: lp.dived }));
  const until = time.left() - input.repairSec;
  // Each repair frees the orders holding the stock the still-unassigned ones need; a better
  // answer frees a different set, so repeat while it helps and time is left.
  for (let round = 0; round < MAX_REPAIRS && time.left() - until > 0.05; round++) {
    const repaired = repair(highs, p, {
      choice: start,
      reducedCost: lp.pricing.reducedCost,
      seconds: time.left() - until,
    });
    time.charge(repaired.seconds);
    if (!repaired.choice) break;
    const next = better(p, start, improve(p, greedy(p, { start: repaired.choice })));
    if (next === start) break;
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
  const start = incumbent(highs, prepared, {
    lp,
    warmStart: options.warmStart,
    repairSec: share.repair,
    time,
  });
  const cutoff = evaluate(prepared, start).objective;
  const keep = prepared.candidates
    .map((_, c) => c)
    .filter(
      (c) => lp.pricing.bound + (lp.pricing.reducedCost[c] as number) <= cutoff + 1e-6 || start.includes(c),
    );
  const left = time.left();
  const full =
    large && left < MIN_FINAL_SEC
      ? SKIPPED
      : runMilp(highs, prepared, buildMilp(prepared, highs.infinity, keep, L), {
          start,
          seconds: Math.max(0.05, left),
          relGap: options.relGap ?? 1e-4,
          presolve: options.presolve ?? false,
        });
  const bound = Math.max(lp.pricing.bound, full.bound ?? Number.NEGATIVE_INFINITY);
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

import type { Highs } from 'highs';
import type { Prepared } from './candidates.js';
import { buildMilp, choiceFrom, startValues } from './milp.js';
import type { Choice } from './solution.js';

export type SolveStatus = 'optimal' | 'time_limit' | 'interrupted' | 'infeasible' | 'error';

export interface MilpOutcome {
  status: SolveStatus;
  /** Null when the solver found no solution at all. */
  choice: Choice | null;
  objective: number | null;
  /** Proven lower bound on the optimum. */
  bound: number | null;
  gap: number | null;
  /** Solver wall time as HiGHS measured it. */
  solveMs: number;
  nodes: number;
  columns: number;
  rows: number;
}

export interface MilpOptions {
  timeLimitSec: number;
  /** A feasible choice handed to HiGHS as its first incumbent. */
  warmStart: Choice | null;
  /** Stop once the relative gap is at most this (HiGHS default 1e-4). */
  relGap?: number;
  /** HiGHS presolve; off by default: on these models it costs seconds and removes little. */
  presolve?: boolean;
}

const MODEL_STATUS_OPTIMAL = 7;
const MODEL_STATUS_INFEASIBLE = 8;
const MODEL_STATUS_TIME_LIMIT = 13;

function statusOf(code: number): SolveStatus {
  if (code === MODEL_STATUS_OPTIMAL) return 'optimal';
  if (code === MODEL_STATUS_TIME_LIMIT) return 'time_limit';
  if (code === MODEL_STATUS_INFEASIBLE) return 'infeasible';
  return code === 17 ? 'interrupted' : 'error';
}

/** Solves the assignment MILP with a loaded HiGHS runtime (load it once, reuse it). */
export function solveMilp(highs: Highs, prepared: Prepared, options: MilpOptions): MilpOutcome {
  const m = buildMilp(prepared, highs.infinity);
  const model = highs.createModel({
    numCols: m.numCols,
    numRows: m.numRows,
    colCost: m.colCost,
    colLower: m.colLower,
    colUpper: m.colUpper,
    rowLower: m.rowLower,
    rowUpper: m.rowUpper,
    matrix: { format: 'csc', numRows: m.numRows, numCols: m.numCols, ...pick(m) },
    integrality: m.integrality as unknown as Int32Array,
  });
  try {
    model.options.set({
      output_flag: false,
      time_limit: options.timeLimitSec,
      mip_rel_gap: options.relGap ?? 1e-4,
      presolve: options.presolve ? 'on' : 'off',
    });
    if (options.warmStart) model.setSolution({ colValue: startValues(prepared, m, options.warmStart) });
    model.run();
    const status = statusOf(model.getModelStatus());
    const hasSolution = Number(model.info.get('primal_solution_status')) === 2;
    const objective = hasSolution ? model.getObjectiveValue() : null;
    const bound = Number(model.info.get('mip_dual_bound'));
    return {
      status,
      choice: hasSolution ? choiceFrom(prepared, model.getSolution().colValue) : null,
      objective,
      bound: Number.isFinite(bound) ? bound : null,
      gap: hasSolution ? Number(model.info.get('mip_gap')) : null,
      solveMs: model.getRunTime() * 1000,
      nodes: Number(model.info.get('mip_node_count')),
      columns: m.numCols,
      rows: m.numRows,
    };
  } finally {
    model.dispose();
  }
}

function pick(m: ReturnType<typeof buildMilp>) {
  return { starts: m.starts, indices: m.indices, values: m.values };
}

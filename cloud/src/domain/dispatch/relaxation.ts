import type { Highs, Model } from 'highs';
import type { Prepared } from './candidates.js';
import { dive } from './dive.js';
import { buildMilp, candidateEntries, type Layout, type MilpModel } from './milp.js';
import { improvingColumns, type Pricing, price } from './pricing.js';
import type { Choice } from './solution.js';

const INITIAL_PER_ORDER = 4;
const ADDED_PER_ORDER = 3;
/** Per order, at most this many distinct stock-source sets among the initial columns. */
const MAX_SOURCE_SETS = 6;
const MAX_LP_ROUNDS = 30;

export function createModel(highs: Highs, m: MilpModel, integer: boolean): Model {
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

export interface Relaxation {
  pricing: Pricing;
  lpValue: Float64Array;
  rounds: number;
  seconds: number;
  /** An integral answer found by diving on the LP, when there was time. */
  dived: Choice | null;
}

/** LP relaxation over all options by column generation: price, add improving options, repeat. */
export function relax(
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

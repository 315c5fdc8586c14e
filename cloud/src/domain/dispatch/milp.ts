import type { Candidate, Prepared } from './candidates.js';
import type { Choice } from './solution.js';

/**
 * The assignment MILP in column-major arrays (no LP text to build or parse):
 *
 *   min  sum_c cost_c x_c + sum_i U_i u_i + wf sum_t over_t
 *   s.t. sum_{c of order i} x_c + u_i = 1                 every order with options
 *        sum_{c of tech t} load_c x_c <= avail_t           shift minutes within daily capacity
 *        sum_{c of tech t} load_c x_c - over_t <= share_t  load above the fair share
 *        sum_{c drawing w,p} qty x_c <= free_{w,p}         only where stock could run short
 *        x binary, u in [0,1], over >= 0
 */
export interface MilpModel {
  numCols: number;
  numRows: number;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
  integrality: Int32Array;
  /** Column of each order's unassigned variable, or -1 when the order is not in the model. */
  unassignedCol: Int32Array;
  overCol0: number;
}

interface Layout {
  assignRow: Int32Array;
  rows: number;
  capRow0: number;
  fairRow0: number;
  stockRow0: number;
}

function layout(p: Prepared): Layout {
  const assignRow = new Int32Array(p.orders.length).fill(-1);
  let rows = 0;
  p.orders.forEach((o, i) => {
    if (o.candidates.length > 0) assignRow[i] = rows++;
  });
  const techs = p.techAvailMin.length;
  const capRow0 = rows;
  const fairRow0 = capRow0 + techs;
  const stockRow0 = fairRow0 + techs;
  return { assignRow, rows: stockRow0 + p.stockRows.length, capRow0, fairRow0, stockRow0 };
}

function stockEntries(p: Prepared, stockRow0: number): Map<number, [number, number][]> {
  const byCandidate = new Map<number, [number, number][]>();
  p.stockRows.forEach((row, s) => {
    for (const [c, qty] of row.draws) {
      const list = byCandidate.get(c) ?? [];
      list.push([stockRow0 + s, qty]);
      byCandidate.set(c, list);
    }
  });
  return byCandidate;
}

export function buildMilp(p: Prepared, infinity: number): MilpModel {
  const L = layout(p);
  const techs = p.techAvailMin.length;
  const modelled = L.assignRow.filter((r) => r >= 0).length;
  const numCols = p.candidates.length + modelled + techs;
  const extra = stockEntries(p, L.stockRow0);
  let nnz = 3 * p.candidates.length + modelled + techs;
  for (const list of extra.values()) nnz += list.length;
  const m: MilpModel = {
    numCols,
    numRows: L.rows,
    colCost: new Float64Array(numCols),
    colLower: new Float64Array(numCols),
    colUpper: new Float64Array(numCols).fill(1),
    rowLower: new Float64Array(L.rows).fill(-infinity),
    rowUpper: new Float64Array(L.rows),
    starts: new Int32Array(numCols + 1),
    indices: new Int32Array(nnz),
    values: new Float64Array(nnz),
    integrality: new Int32Array(numCols),
    unassignedCol: new Int32Array(p.orders.length).fill(-1),
    overCol0: p.candidates.length + modelled,
  };
  let k = 0;
  const push = (row: number, value: number) => {
    m.indices[k] = row;
    m.values[k++] = value;
  };
  p.candidates.forEach((c, j) => {
    m.starts[j] = k;
    m.colCost[j] = c.cost;
    m.integrality[j] = 1;
    push(L.assignRow[c.order] as number, 1);
    push(L.capRow0 + c.tech, c.loadMin);
    push(L.fairRow0 + c.tech, c.loadMin);
    for (const [row, qty] of extra.get(j) ?? []) push(row, qty);
  });
  let col = p.candidates.length;
  p.orders.forEach((o, i) => {
    const row = L.assignRow[i] as number;
    if (row < 0) return;
    m.starts[col] = k;
    m.colCost[col] = o.unassignedCost;
    m.unassignedCol[i] = col++;
    push(row, 1);
    m.rowLower[row] = 1;
    m.rowUpper[row] = 1;
  });
  for (let t = 0; t < techs; t++) {
    m.starts[col] = k;
    m.colCost[col] = p.weights.fairnessPerMin;
    m.colUpper[col++] = infinity;
    push(L.fairRow0 + t, -1);
    m.rowUpper[L.capRow0 + t] = p.techAvailMin[t] ?? 0;
    m.rowUpper[L.fairRow0 + t] = p.fairShareMin[t] ?? 0;
  }
  p.stockRows.forEach((row, s) => {
    m.rowUpper[L.stockRow0 + s] = row.available;
  });
  m.starts[numCols] = k;
  return m;
}

/** Full column values for a choice, to hand the solver a feasible start. */
export function startValues(p: Prepared, m: MilpModel, choice: Choice): Float64Array {
  const x = new Float64Array(m.numCols);
  const load = new Float64Array(p.techAvailMin.length);
  choice.forEach((c, i) => {
    const u = m.unassignedCol[i] ?? -1;
    if (c >= 0) {
      x[c] = 1;
      const cand = p.candidates[c] as Candidate;
      load[cand.tech] = (load[cand.tech] ?? 0) + cand.loadMin;
    } else if (u >= 0) x[u] = 1;
  });
  load.forEach((l, t) => {
    x[m.overCol0 + t] = Math.max(0, l - (p.fairShareMin[t] ?? 0));
  });
  return x;
}

/** Reads the chosen candidate of each order from column values. */
export function choiceFrom(p: Prepared, values: ArrayLike<number>): Int32Array {
  const choice = new Int32Array(p.orders.length).fill(-1);
  p.candidates.forEach((c, j) => {
    if ((values[j] ?? 0) > 0.5) choice[c.order] = j;
  });
  return choice;
}

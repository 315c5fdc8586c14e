import type { Candidate, Prepared, StockRow } from './candidates.js';
import type { Choice } from './solution.js';

/**
 * The assignment MILP in column-major arrays (no LP text to build or parse):
 *
 *   min  sum_c cost_c x_c + sum_i U_i u_i + wf sum_t over_t
 *   s.t. sum_{c of order i} x_c + u_i = 1                 every order with options
 *        sum_{c of tech t} load_c x_c <= avail_t           shift minutes within daily capacity
 *        sum_{c of tech t} load_c x_c - over_t <= share_t  load above the fair share
 *        sum_{c drawing w,p} qty x_c <= free_{w,p}         only where stock could run short
 *        sum_{c drawing w,p} floor(qty/d) x_c <= floor(free_{w,p}/d)   rounded stock rows (below)
 *        x binary, u in [0,1], over >= 0
 *
 * Columns: the u and over variables first, then the candidate options included in this model.
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
  /** Model column of each order's unassigned variable, or -1 when the order is not modelled. */
  unassignedCol: Int32Array;
  overCol0: number;
  /** Index of the first candidate column; candidate columns follow in `candidates` order. */
  candidateCol0: number;
  candidates: Int32Array;
}

/** Row positions shared by every model built from the same preparation. */
export interface Layout {
  assignRow: Int32Array;
  rows: number;
  capRow0: number;
  fairRow0: number;
  stockRow0: number;
  /** First rounded stock row and the right-hand side of each. */
  cutRow0: number;
  cutRhs: number[];
  /** Stock rows (and rounded stock rows) each candidate appears in, with its coefficient. */
  stockOf: Map<number, [number, number][]>;
}

/**
 * Rounded stock rows, valid for every integral solution (x binary, quantities whole):
 * - the row divided by d, both sides rounded down: sum floor(qty_c/d) x_c <= floor(free/d). With
 *   d = 2 and 3 units free it says "one order needing 2", which the plain row does not (it lets
 *   the relaxation serve one and a half);
 * - half the row plus half of "each of the k orders drawing an odd quantity is done at most once",
 *   rounded down: sum ceil(qty_c/2) x_c <= floor((free + k)/2). With 4 free, orders needing 2, 2
 *   and 1 it says "at most two of the three".
 * Only rows where rounding cuts something are kept.
 */
interface RoundedRow {
  row: number;
  rhs: number;
  coefficient: (qty: number) => number;
}

function oddOrders(p: Prepared, row: StockRow): number {
  const odd = new Set<number>();
  for (const [c, q] of row.draws) if (q % 2 === 1) odd.add((p.candidates[c] as Candidate).order);
  return odd.size;
}

function roundedRows(p: Prepared): RoundedRow[] {
  const out: RoundedRow[] = [];
  p.stockRows.forEach((row, s) => {
    const divisors = new Set(row.draws.map(([, q]) => q).filter((q) => q >= 2));
    for (const d of [...divisors].sort((a, b) => a - b)) {
      if (row.available % d !== 0)
        out.push({ row: s, rhs: Math.floor(row.available / d), coefficient: (q) => Math.floor(q / d) });
    }
    const odd = oddOrders(p, row);
    if (divisors.has(2) && odd > 0 && (row.available + odd) % 2 === 1)
      out.push({ row: s, rhs: Math.floor((row.available + odd) / 2), coefficient: (q) => Math.ceil(q / 2) });
  });
  return out;
}

export function layout(p: Prepared): Layout {
  const assignRow = new Int32Array(p.orders.length).fill(-1);
  let rows = 0;
  p.orders.forEach((o, i) => {
    if (o.candidates.length > 0) assignRow[i] = rows++;
  });
  const techs = p.techAvailMin.length;
  const capRow0 = rows;
  const fairRow0 = capRow0 + techs;
  const stockRow0 = fairRow0 + techs;
  const cutRow0 = stockRow0 + p.stockRows.length;
  const stockOf = new Map<number, [number, number][]>();
  const add = (c: number, row: number, value: number) => {
    const list = stockOf.get(c) ?? [];
    list.push([row, value]);
    stockOf.set(c, list);
  };
  p.stockRows.forEach((row, s) => {
    for (const [c, qty] of row.draws) add(c, stockRow0 + s, qty);
  });
  const cuts = roundedRows(p);
  cuts.forEach((cut, k) => {
    for (const [c, qty] of p.stockRows[cut.row]?.draws ?? []) {
      const value = cut.coefficient(qty);
      if (value > 0) add(c, cutRow0 + k, value);
    }
  });
  const cutRhs = cuts.map((cut) => cut.rhs);
  return { assignRow, rows: cutRow0 + cuts.length, capRow0, fairRow0, stockRow0, cutRow0, cutRhs, stockOf };
}

/** The matrix entries of one candidate column: (row, coefficient) pairs. */
export function candidateEntries(p: Prepared, L: Layout, index: number): [number, number][] {
  const c = p.candidates[index] as Candidate;
  return [
    [L.assignRow[c.order] as number, 1],
    [L.capRow0 + c.tech, c.loadMin],
    [L.fairRow0 + c.tech, c.loadMin],
    ...(L.stockOf.get(index) ?? []),
  ];
}

function fixedColumns(p: Prepared, L: Layout, m: MilpModel, infinity: number): number {
  let k = 0;
  let col = 0;
  p.orders.forEach((o, i) => {
    const row = L.assignRow[i] as number;
    if (row < 0) return;
    m.starts[col] = k;
    m.colCost[col] = o.unassignedCost;
    m.colUpper[col] = 1;
    m.unassignedCol[i] = col++;
    m.indices[k] = row;
    m.values[k++] = 1;
  });
  for (let t = 0; t < p.techAvailMin.length; t++) {
    m.starts[col] = k;
    m.colCost[col] = p.weights.fairnessPerMin;
    m.colUpper[col++] = infinity;
    m.indices[k] = L.fairRow0 + t;
    m.values[k++] = -1;
  }
  return k;
}

function rowBounds(p: Prepared, L: Layout, m: MilpModel): void {
  for (const row of L.assignRow) {
    if (row < 0) continue;
    m.rowLower[row] = 1;
    m.rowUpper[row] = 1;
  }
  p.techAvailMin.forEach((avail, t) => {
    m.rowUpper[L.capRow0 + t] = avail;
    m.rowUpper[L.fairRow0 + t] = p.fairShareMin[t] ?? 0;
  });
  p.stockRows.forEach((row, s) => {
    m.rowUpper[L.stockRow0 + s] = row.available;
  });
  L.cutRhs.forEach((rhs, k) => {
    m.rowUpper[L.cutRow0 + k] = rhs;
  });
}

/** Builds the model over a subset of candidate options (all of them by default). */
export function buildMilp(
  p: Prepared,
  infinity: number,
  subset?: readonly number[],
  L: Layout = layout(p),
): MilpModel {
  const candidates = Int32Array.from(subset ?? p.candidates.map((_, i) => i));
  const modelled = L.assignRow.filter((r) => r >= 0).length;
  const techs = p.techAvailMin.length;
  const candidateCol0 = modelled + techs;
  const numCols = candidateCol0 + candidates.length;
  const entries = Array.from(candidates, (c) => candidateEntries(p, L, c));
  const nnz = modelled + techs + entries.reduce((n, e) => n + e.length, 0);
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
    overCol0: modelled,
    candidateCol0,
    candidates,
  };
  let k = fixedColumns(p, L, m, infinity);
  candidates.forEach((c, j) => {
    const col = candidateCol0 + j;
    m.starts[col] = k;
    m.colCost[col] = (p.candidates[c] as Candidate).cost;
    m.integrality[col] = 1;
    for (const [row, value] of entries[j] as [number, number][]) {
      m.indices[k] = row;
      m.values[k++] = value;
    }
  });
  m.starts[numCols] = k;
  rowBounds(p, L, m);
  return m;
}

/** Full column values for a choice, to hand the solver a feasible start. */
export function startValues(p: Prepared, m: MilpModel, choice: Choice): Float64Array {
  const x = new Float64Array(m.numCols);
  const colOf = new Map<number, number>();
  m.candidates.forEach((c, j) => {
    colOf.set(c, m.candidateCol0 + j);
  });
  const load = new Float64Array(p.techAvailMin.length);
  choice.forEach((c, i) => {
    const u = m.unassignedCol[i] ?? -1;
    const col = c >= 0 ? colOf.get(c) : undefined;
    if (c >= 0 && col === undefined)
      throw new RangeError(`start uses option ${c}, which is not in the model`);
    if (col !== undefined) {
      x[col] = 1;
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
export function choiceFrom(p: Prepared, m: MilpModel, values: ArrayLike<number>): Int32Array {
  const choice = new Int32Array(p.orders.length).fill(-1);
  m.candidates.forEach((c, j) => {
    if ((values[m.candidateCol0 + j] ?? 0) > 0.5) choice[(p.candidates[c] as Candidate).order] = c;
  });
  return choice;
}

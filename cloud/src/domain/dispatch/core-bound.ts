import type { Highs } from 'highs';
import type { Candidate, Prepared } from './candidates.js';
import type { Layout } from './milp.js';
import type { Pricing } from './pricing.js';
import { createModel } from './relaxation.js';

/**
 * A lower bound stronger than the LP's, from the LP's own duals (Lagrangian decomposition):
 *
 * keep as constraints the assignment rows and the stock rows (plain and rounded) whose dual is
 * non-zero; move every other row into the objective with its dual. What is left falls apart into
 * independent problems, one per group of orders linked through a kept stock row, and each is solved
 * as an integer program (HiGHS, small) instead of as an LP. The sum, plus the duals times the
 * right-hand sides of the moved rows, is a lower bound for every value of the duals; with the LP's
 * it is at least the LP bound, and more where stock forces whole orders out, which the LP serves by
 * fractions.
 *
 * Options whose reduced cost exceeds `cap` are left out of the groups: a plan using one costs at
 * least the LP bound + `cap`, so the bound is min(LP bound + cap, what the groups give). With cap =
 * a known plan's objective - LP bound, the cap is that plan's objective, which no bound exceeds.
 */
export interface CoreBound {
  bound: number;
  /** Columns of the groups' integer programmes, all together. */
  columns: number;
  seconds: number;
}

const EPS = 1e-9;

class Groups {
  private readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r] as number;
    while (this.parent[i] !== r) {
      const next = this.parent[i] as number;
      this.parent[i] = r;
      i = next;
    }
    return r;
  }
  join(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[ra] = rb;
  }
}

interface Group {
  orders: number[];
  rows: number[];
}

/** Kept rows (stock and rounded stock rows with a non-zero dual) and their right-hand sides. */
function keptRows(p: Prepared, L: Layout, y: Float64Array): Map<number, number> {
  const kept = new Map<number, number>();
  p.stockRows.forEach((row, s) => {
    if ((y[L.stockRow0 + s] as number) < -EPS) kept.set(L.stockRow0 + s, row.available);
  });
  L.cutRhs.forEach((rhs, k) => {
    if ((y[L.cutRow0 + k] as number) < -EPS) kept.set(L.cutRow0 + k, rhs);
  });
  return kept;
}

function groupsOf(
  p: Prepared,
  L: Layout,
  kept: Map<number, number>,
  inGroup: (c: number) => boolean,
): Group[] {
  const joined = new Groups(p.orders.length);
  const firstOrder = new Map<number, number>();
  p.candidates.forEach((c, j) => {
    if (!inGroup(j)) return;
    for (const [row] of L.stockOf.get(j) ?? []) {
      if (!kept.has(row)) continue;
      const other = firstOrder.get(row);
      if (other === undefined) firstOrder.set(row, c.order);
      else joined.join(other, c.order);
    }
  });
  const byRoot = new Map<number, Group>();
  for (const [row, order] of firstOrder) {
    const root = joined.find(order);
    const g = byRoot.get(root) ?? { orders: [], rows: [] };
    g.rows.push(row);
    byRoot.set(root, g);
  }
  p.orders.forEach((_, i) => {
    byRoot.get(joined.find(i))?.orders.push(i);
  });
  return [...byRoot.values()];
}

/**
 * Of an order's options that draw the same kept rows by the same amounts only the cheapest can be
 * in an optimal answer of the group's program (the others only cost more), so only it is given.
 */
function cheapestPerUse(
  options: readonly number[],
  L: Layout,
  input: { kept: Map<number, number>; lagrangianCost: Float64Array; inGroup: (c: number) => boolean },
): Map<number, [number, number][]> {
  const best = new Map<string, [number, [number, number][]]>();
  for (const c of options) {
    if (!input.inGroup(c)) continue;
    const entries = (L.stockOf.get(c) ?? []).filter(([row]) => input.kept.has(row));
    const key = entries.map(([row, value]) => `${row}:${value}`).join(',');
    const seen = best.get(key);
    if (!seen || (input.lagrangianCost[c] as number) < (input.lagrangianCost[seen[0]] as number))
      best.set(key, [c, entries]);
  }
  return new Map([...best.values()]);
}

/** One group's integer program: its orders' options at their Lagrangian cost, its kept rows. */
function solveGroup(
  highs: Highs,
  p: Prepared,
  L: Layout,
  g: Group,
  input: {
    kept: Map<number, number>;
    lagrangianCost: Float64Array;
    inGroup: (c: number) => boolean;
    seconds: number;
  },
): { value: number; columns: number } {
  const rowIndex = new Map<number, number>();
  g.rows.forEach((r, k) => {
    rowIndex.set(r, g.orders.length + k);
  });
  const numRows = g.orders.length + g.rows.length;
  const cost: number[] = [];
  const starts: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const integrality: number[] = [];
  g.orders.forEach((i, k) => {
    const o = p.orders[i];
    if (!o) return;
    cost.push(o.unassignedCost);
    integrality.push(0);
    indices.push(k);
    values.push(1);
    starts.push(indices.length);
    for (const [c, entries] of cheapestPerUse(o.candidates, L, input)) {
      cost.push(input.lagrangianCost[c] as number);
      integrality.push(1);
      indices.push(k);
      values.push(1);
      for (const [row, value] of entries) {
        indices.push(rowIndex.get(row) as number);
        values.push(value);
      }
      starts.push(indices.length);
    }
  });
  const numCols = cost.length;
  const rowLower = new Float64Array(numRows).fill(-highs.infinity);
  const rowUpper = new Float64Array(numRows);
  g.orders.forEach((_, k) => {
    rowLower[k] = 1;
    rowUpper[k] = 1;
  });
  g.rows.forEach((r, k) => {
    rowUpper[g.orders.length + k] = input.kept.get(r) as number;
  });
  const model = createModel(
    highs,
    {
      numCols,
      numRows,
      colCost: Float64Array.from(cost),
      colLower: new Float64Array(numCols),
      colUpper: new Float64Array(numCols).fill(1),
      rowLower,
      rowUpper,
      starts: Int32Array.from(starts),
      indices: Int32Array.from(indices),
      values: Float64Array.from(values),
      integrality: Int32Array.from(integrality),
      unassignedCol: new Int32Array(0),
      overCol0: 0,
      candidateCol0: 0,
      candidates: new Int32Array(0),
    },
    true,
  );
  try {
    model.options.set({ output_flag: false, time_limit: Math.max(0.01, input.seconds), mip_rel_gap: 1e-6 });
    model.run();
    // The dual bound, also when solved: "optimal" allows the objective a relative gap of 1e-6.
    const bound = Number(model.info.get('mip_dual_bound'));
    return { value: Number.isFinite(bound) ? bound : Number.NEGATIVE_INFINITY, columns: numCols };
  } finally {
    model.dispose();
  }
}

/** A group HiGHS fails on counts with its LP-dual value: the bound stays valid, only weaker. */
function solvedOrNull<T>(solve: () => T): T | null {
  try {
    return solve();
  } catch {
    return null;
  }
}

export function coreBound(
  highs: Highs,
  p: Prepared,
  L: Layout,
  pricing: Pricing,
  input: { cap: number; seconds: number },
): CoreBound {
  const t0 = performance.now();
  const y = pricing.duals;
  const d = pricing.reducedCost;
  const kept = keptRows(p, L, y);
  const cap = Math.max(0, input.cap);
  const inGroup = (c: number) => (d[c] as number) <= cap + 1e-9;
  // Lagrangian cost of every option: its cost with the moved rows' duals taken off.
  const lagrangianCost = new Float64Array(p.candidates.length);
  p.candidates.forEach((c: Candidate, j) => {
    let v = (d[j] as number) + (y[L.assignRow[c.order] as number] as number);
    for (const [row, value] of L.stockOf.get(j) ?? []) if (kept.has(row)) v += (y[row] as number) * value;
    lagrangianCost[j] = v;
  });
  // Moved rows' duals times their right-hand sides.
  let bound = 0;
  p.techAvailMin.forEach((avail, t) => {
    bound += (y[L.capRow0 + t] as number) * avail + (y[L.fairRow0 + t] as number) * (p.fairShareMin[t] ?? 0);
  });
  p.stockRows.forEach((row, s) => {
    if (!kept.has(L.stockRow0 + s)) bound += (y[L.stockRow0 + s] as number) * row.available;
  });
  L.cutRhs.forEach((rhs, k) => {
    if (!kept.has(L.cutRow0 + k)) bound += (y[L.cutRow0 + k] as number) * rhs;
  });
  // A negative reduced cost on the fairness excess makes the Lagrangian unbounded.
  if (p.techAvailMin.some((_, t) => p.weights.fairnessPerMin + (y[L.fairRow0 + t] as number) < 0))
    return { bound: pricing.bound, columns: 0, seconds: 0 };
  const groups = groupsOf(p, L, kept, inGroup).sort((a, b) => a.orders.length - b.orders.length);
  const grouped = new Uint8Array(p.orders.length);
  for (const g of groups) for (const i of g.orders) grouped[i] = 1;
  // Orders outside every group: the cheapest of their options, or leaving them out.
  p.orders.forEach((o, i) => {
    if (grouped[i] || L.assignRow[i] === -1) return;
    let best = o.unassignedCost;
    for (const c of o.candidates) if (inGroup(c)) best = Math.min(best, lagrangianCost[c] as number);
    bound += best;
  });
  let columns = 0;
  const until = t0 + input.seconds * 1000;
  groups.forEach((g, k) => {
    const left = (until - performance.now()) / 1000;
    const share = left / (groups.length - k);
    const lower = groupLagrangian(p, L, g, y, d, inGroup, kept);
    if (share < 0.005) {
      bound += lower;
      return;
    }
    const r = solvedOrNull(() =>
      solveGroup(highs, p, L, g, { kept, lagrangianCost, inGroup, seconds: share }),
    );
    columns += r?.columns ?? 0;
    bound += Math.max(lower, r?.value ?? Number.NEGATIVE_INFINITY);
  });
  return {
    bound: Math.max(pricing.bound, Math.min(pricing.bound + cap, bound)),
    columns,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** The group's LP-dual (Lagrangian) value: what it contributes to the LP bound. */
function groupLagrangian(
  p: Prepared,
  L: Layout,
  g: Group,
  y: Float64Array,
  d: Float64Array,
  inGroup: (c: number) => boolean,
  kept: Map<number, number>,
): number {
  let v = 0;
  for (const r of g.rows) v += (y[r] as number) * (kept.get(r) as number);
  for (const i of g.orders) {
    const o = p.orders[i];
    if (!o) continue;
    const yi = y[L.assignRow[i] as number] as number;
    v += yi + Math.min(0, o.unassignedCost - yi);
    for (const c of o.candidates) if (inGroup(c)) v += Math.min(0, d[c] as number);
  }
  return v;
}

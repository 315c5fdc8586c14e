import type { Candidate, Prepared } from './candidates.js';
import type { Layout } from './milp.js';

/**
 * Duals of the LP relaxation turned into reduced costs and a Lagrangian lower bound over all
 * options, including those never given to the solver. This is what lets the exact solve work on
 * a small model: an option whose reduced cost exceeds (incumbent - bound) cannot be in any better
 * solution, so leaving it out loses nothing.
 */
export interface Pricing {
  reducedCost: Float64Array;
  /** Valid lower bound on the MILP optimum, from the duals alone. */
  bound: number;
  /** The row duals behind it, clamped to the signs the rows allow. */
  duals: Float64Array;
}

/** Clamps duals to the signs the rows allow (min problem: <= rows have y <= 0). */
function clampDuals(L: Layout, rowDual: ArrayLike<number>): Float64Array {
  const y = Float64Array.from({ length: L.rows }, (_, r) => rowDual[r] ?? 0);
  for (let r = L.capRow0; r < L.rows; r++) y[r] = Math.min(0, y[r] as number);
  return y;
}

export function price(p: Prepared, L: Layout, rowDual: ArrayLike<number>): Pricing {
  const y = clampDuals(L, rowDual);
  const reducedCost = new Float64Array(p.candidates.length);
  let bound = 0;
  // y'b over the rows.
  for (const row of L.assignRow) if (row >= 0) bound += y[row] as number;
  p.techAvailMin.forEach((avail, t) => {
    bound += (y[L.capRow0 + t] as number) * avail + (y[L.fairRow0 + t] as number) * (p.fairShareMin[t] ?? 0);
  });
  p.stockRows.forEach((row, s) => {
    bound += (y[L.stockRow0 + s] as number) * row.available;
  });
  L.cutRhs.forEach((rhs, k) => {
    bound += (y[L.cutRow0 + k] as number) * rhs;
  });
  // Unassigned variables in [0,1] and fairness excess in [0,inf): their reduced costs.
  p.orders.forEach((o, i) => {
    const row = L.assignRow[i] as number;
    if (row >= 0) bound += Math.min(0, o.unassignedCost - (y[row] as number));
  });
  p.techAvailMin.forEach((_, t) => {
    const d = p.weights.fairnessPerMin + (y[L.fairRow0 + t] as number);
    if (d < 0) bound = Number.NEGATIVE_INFINITY;
  });
  p.candidates.forEach((c: Candidate, j) => {
    const perMin = (y[L.capRow0 + c.tech] as number) + (y[L.fairRow0 + c.tech] as number);
    let d = c.cost - (y[L.assignRow[c.order] as number] as number) - perMin * c.loadMin;
    for (const [row, value] of L.stockOf.get(j) ?? []) d -= (y[row] as number) * value;
    reducedCost[j] = d;
    bound += Math.min(0, d);
  });
  return { reducedCost, bound, duals: y };
}

/** Options with negative reduced cost not yet in the model, the most negative few per order. */
export function improvingColumns(
  p: Prepared,
  d: Float64Array,
  inModel: Uint8Array,
  perOrder: number,
): number[] {
  const out: number[] = [];
  for (const o of p.orders) {
    const negative = o.candidates.filter((c) => inModel[c] === 0 && (d[c] as number) < -1e-7);
    negative.sort((a, b) => (d[a] as number) - (d[b] as number));
    out.push(...negative.slice(0, perOrder));
  }
  return out;
}

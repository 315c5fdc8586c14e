import type { Candidate, Prepared } from './candidates.js';

/** For each order, the chosen candidate index, or -1 when it stays unassigned. */
export type Choice = Int32Array;

export interface Evaluation {
  objective: number;
  travelMin: number;
  latenessCost: number;
  fairnessCost: number;
  unassignedCost: number;
  loadMin: number[];
  violations: string[];
}

const EPS = 1e-6;

/** Objective and constraint check of a choice, computed the same way the MILP defines them. */
export function evaluate(prepared: Prepared, choice: Choice): Evaluation {
  const { candidates, orders, weights } = prepared;
  const loadMin = prepared.techAvailMin.map(() => 0);
  const drawn = new Map<string, number>();
  const violations: string[] = [];
  let objective = 0;
  let travelMin = 0;
  let latenessCost = 0;
  let unassignedCost = 0;
  orders.forEach((o, i) => {
    const c = choice[i] ?? -1;
    if (c < 0) {
      if (o.blocked === null) {
        unassignedCost += o.unassignedCost;
        objective += o.unassignedCost;
      }
      return;
    }
    const cand = candidates[c] as Candidate;
    if (cand.order !== i) violations.push(`order ${i}: candidate ${c} belongs to order ${cand.order}`);
    objective += cand.cost;
    travelMin += cand.travelMin;
    latenessCost += o.weight * cand.latenessMin;
    loadMin[cand.tech] = (loadMin[cand.tech] ?? 0) + cand.loadMin;
    for (const p of cand.picks) {
      const key = `${p.warehouseId}|${p.partId}`;
      drawn.set(key, (drawn.get(key) ?? 0) + p.qty);
    }
  });
  let fairnessCost = 0;
  loadMin.forEach((load, t) => {
    if (load > (prepared.techAvailMin[t] ?? 0) + EPS)
      violations.push(`technician ${t}: load ${load} over capacity`);
    fairnessCost += weights.fairnessPerMin * Math.max(0, load - (prepared.fairShareMin[t] ?? 0));
  });
  for (const row of prepared.stockRows) {
    const used = drawn.get(`${row.warehouseId}|${row.partId}`) ?? 0;
    if (used > row.available + EPS)
      violations.push(`stock ${row.warehouseId}/${row.partId}: ${used} > ${row.available}`);
  }
  objective += fairnessCost;
  return { objective, travelMin, latenessCost, fairnessCost, unassignedCost, loadMin, violations };
}

/** A lower bound needing no solver: every order at its cheapest option, capacity ignored. */
export function trivialBound(prepared: Prepared): number {
  let bound = 0;
  for (const o of prepared.orders) {
    if (o.blocked !== null) continue;
    let least = o.unassignedCost;
    for (const c of o.candidates) least = Math.min(least, (prepared.candidates[c] as Candidate).cost);
    bound += least;
  }
  return bound;
}

/** Relative gap between a solution's objective and a lower bound, as HiGHS reports it. */
export function relativeGap(objective: number, bound: number): number {
  const diff = Math.max(0, objective - bound);
  if (diff <= EPS) return 0;
  return diff / Math.max(Math.abs(objective), EPS);
}

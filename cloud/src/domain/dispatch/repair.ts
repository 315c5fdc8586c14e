import type { Highs } from 'highs';
import type { Candidate, Prepared, PreparedOrder, StockRow } from './candidates.js';
import { runMilp } from './highs-solve.js';
import { buildMilp } from './milp.js';
import type { Choice } from './solution.js';

const KEEP_PER_ORDER = 8;

function rowsWanted(p: Prepared, orders: Iterable<number>): Set<string> {
  const wanted = new Set<string>();
  for (const i of orders)
    for (const k of p.orders[i]?.candidates ?? [])
      for (const pick of (p.candidates[k] as Candidate).picks)
        wanted.add(`${pick.warehouseId}|${pick.partId}`);
  return wanted;
}

/**
 * Orders left unassigned plus the assigned ones holding the stock they would need; with more
 * hops, also those holding the stock the freed ones could switch to.
 */
function freedOrders(p: Prepared, choice: Choice, hops: number): Set<number> {
  const freed = new Set<number>();
  p.orders.forEach((o, i) => {
    if (o.blocked === null && (choice[i] ?? -1) < 0) freed.add(i);
  });
  for (let hop = 0; hop < hops && freed.size > 0; hop++) {
    const wanted = rowsWanted(p, freed);
    choice.forEach((c, i) => {
      if (c < 0) return;
      if (
        (p.candidates[c] as Candidate).picks.some((pick) => wanted.has(`${pick.warehouseId}|${pick.partId}`))
      )
        freed.add(i);
    });
  }
  return freed;
}

/** The same problem over the freed orders, with what the fixed ones use taken off capacity and stock. */
function residual(
  p: Prepared,
  choice: Choice,
  freed: Set<number>,
  reducedCost: Float64Array,
): { sub: Prepared; columns: number[] } {
  const load = p.techAvailMin.map(() => 0);
  const drawn = new Map<string, number>();
  choice.forEach((c, i) => {
    if (c < 0 || freed.has(i)) return;
    const cand = p.candidates[c] as Candidate;
    load[cand.tech] = (load[cand.tech] ?? 0) + cand.loadMin;
    for (const pick of cand.picks)
      drawn.set(
        `${pick.warehouseId}|${pick.partId}`,
        (drawn.get(`${pick.warehouseId}|${pick.partId}`) ?? 0) + pick.qty,
      );
  });
  const columns: number[] = [];
  const orders: PreparedOrder[] = p.orders.map((o, i) => {
    if (!freed.has(i)) return { ...o, candidates: [] };
    const kept = [...o.candidates]
      .sort((a, b) => (reducedCost[a] as number) - (reducedCost[b] as number))
      .slice(0, KEEP_PER_ORDER);
    const current = choice[i] ?? -1;
    if (current >= 0 && !kept.includes(current)) kept.push(current);
    columns.push(...kept);
    return { ...o, candidates: kept };
  });
  const inSub = new Set(columns);
  const stockRows: StockRow[] = p.stockRows.map((row) => ({
    ...row,
    available: row.available - (drawn.get(`${row.warehouseId}|${row.partId}`) ?? 0),
    draws: row.draws.filter(([c]) => inSub.has(c)),
  }));
  const sub: Prepared = {
    ...p,
    orders,
    techAvailMin: p.techAvailMin.map((a, t) => a - (load[t] ?? 0)),
    fairShareMin: p.fairShareMin.map((s, t) => s - (load[t] ?? 0)),
    stockRows,
  };
  return { sub, columns };
}

/**
 * Repair: re-solve exactly, with HiGHS, the orders left unassigned together with the orders that
 * hold the stock they need (or the `freed` orders given), each limited to its best options by
 * reduced cost; everything else stays fixed. Returns the new choice (null when HiGHS found nothing) and the solver time.
 */
export function repair(
  highs: Highs,
  p: Prepared,
  input: { choice: Choice; reducedCost: Float64Array; seconds: number; hops?: number; freed?: Set<number> },
): { choice: Choice | null; seconds: number } {
  const freed = input.freed ?? freedOrders(p, input.choice, input.hops ?? 1);
  if (freed.size === 0) return { choice: null, seconds: 0 };
  const { sub, columns } = residual(p, input.choice, freed, input.reducedCost);
  const start = Int32Array.from(input.choice, (c, i) => (freed.has(i) ? c : -1));
  const run = runMilp(highs, sub, buildMilp(sub, highs.infinity, columns), {
    start,
    seconds: input.seconds,
    relGap: 1e-4,
    presolve: false,
  });
  if (!run.choice) return { choice: null, seconds: run.seconds };
  const choice = Int32Array.from(input.choice, (c, i) => (freed.has(i) ? (run.choice?.[i] ?? -1) : c));
  return { choice, seconds: run.seconds };
}

/**
 * Where the plan and the LP relaxation disagree: orders on an option the LP takes at most half of,
 * and orders left out that the LP serves by more than half. Freeing them (everything where the two
 * agree stays fixed) reaches reassignments between technicians that no stock row links, which the
 * stock neighbourhoods above never free.
 */
export function disagreeing(p: Prepared, choice: Choice, lpValue: Float64Array): Set<number> {
  const freed = new Set<number>();
  p.orders.forEach((o, i) => {
    if (o.blocked !== null || o.candidates.length === 0) return;
    const c = choice[i] ?? -1;
    const agreed =
      c >= 0
        ? (lpValue[c] as number) > 0.5
        : o.candidates.reduce((a, k) => a + (lpValue[k] as number), 0) <= 0.5;
    if (!agreed) freed.add(i);
  });
  return freed;
}

import { seededRandom } from '@pdm/shared';
import type { Candidate, Prepared } from './candidates.js';
import { bestMove, move, State } from './greedy.js';
import type { Choice } from './solution.js';

/**
 * Large-neighbourhood search on the stock-contended orders: take every order that could draw a
 * scarce part out of the plan, put them back by regret insertion (the order that loses most by
 * waiting goes first, so orders with a single remaining source are served before flexible ones),
 * and keep the result only when the objective drops. Never violates capacity or stock.
 */
export interface ImproveOptions {
  /** Passes over all contended parts. */
  rounds?: number;
  seed?: number;
  /** At most this many orders taken out at once (unassigned ones always are). */
  maxRemoved?: number;
}

/** Orders and the binding stock rows their options draw, both ways. */
interface Contention {
  rowsOf: number[][];
  ordersOf: number[][];
}

function contention(p: Prepared): Contention {
  const rowsOf: Set<number>[] = p.orders.map(() => new Set<number>());
  const ordersOf = p.stockRows.map((row, r) => {
    const set = new Set<number>();
    for (const [c] of row.draws) {
      const i = (p.candidates[c] as Candidate).order;
      set.add(i);
      rowsOf[i]?.add(r);
    }
    return [...set].sort((a, b) => a - b);
  });
  return { rowsOf: rowsOf.map((set) => [...set].sort((a, b) => a - b)), ordersOf };
}

/** Orders reached from a seed order through shared stock rows, breadth first, up to a limit. */
function related(c: Contention, seed: number, limit: number, rand: () => number): number[] {
  const seen = new Set<number>([seed]);
  const queue = [seed];
  for (let q = 0; q < queue.length && seen.size < limit; q++) {
    const rows = [...(c.rowsOf[queue[q] as number] ?? [])].sort(() => rand() - 0.5);
    for (const r of rows) {
      for (const j of c.ordersOf[r] ?? []) {
        if (seen.size >= limit) break;
        if (seen.has(j)) continue;
        seen.add(j);
        queue.push(j);
      }
    }
  }
  return [...seen];
}

interface Insertion {
  order: number;
  option: number;
  delta: number;
  regret: number;
}

/** Cheapest feasible option of an order and how much is lost if it has to take the next one. */
function insertion(p: Prepared, s: State, i: number): Insertion | null {
  const o = p.orders[i];
  if (!o) return null;
  let best = -1;
  let first = o.unassignedCost;
  let second = o.unassignedCost;
  for (const k of o.candidates) {
    const c = p.candidates[k] as Candidate;
    if (!s.fits(c, null)) continue;
    const d = s.delta(c, 1);
    if (d < first) {
      second = first;
      first = d;
      best = k;
    } else if (d < second) second = d;
  }
  if (best < 0) return null;
  return { order: i, option: best, delta: first - o.unassignedCost, regret: second - first };
}

/** Orders whose options draw one of the stock rows an option draws. */
function sharing(c: Contention, p: Prepared, option: number): Set<number> {
  const out = new Set<number>();
  const keys = new Set((p.candidates[option] as Candidate).picks.map((k) => `${k.warehouseId}|${k.partId}`));
  p.stockRows.forEach((row, r) => {
    if (keys.has(`${row.warehouseId}|${row.partId}`)) for (const i of c.ordersOf[r] ?? []) out.add(i);
  });
  return out;
}

/**
 * Regret insertion of the pending orders; returns the objective change. Insertions are cached and
 * recomputed only for orders sharing stock with what was just inserted, and for the order picked
 * (so the change added up is exact).
 */
function recreate(p: Prepared, s: State, c: Contention, pending: Set<number>, noise: () => number): number {
  const cache = new Map<number, { ins: Insertion; score: number }>();
  const refresh = (i: number) => {
    const ins = insertion(p, s, i);
    if (ins) cache.set(i, { ins, score: ins.regret * (1 + 0.2 * noise()) });
    else cache.delete(i);
  };
  for (const i of pending) refresh(i);
  let total = 0;
  while (cache.size > 0) {
    let pick = -1;
    let best = Number.NEGATIVE_INFINITY;
    for (const [i, entry] of cache)
      if (entry.score > best) {
        best = entry.score;
        pick = i;
      }
    const ins = insertion(p, s, pick);
    cache.delete(pick);
    if (!ins) continue;
    move(p, s, pick, ins.option);
    total += ins.delta;
    for (const j of sharing(c, p, ins.option)) if (cache.has(j)) refresh(j);
  }
  return total;
}

/** Takes the given orders out; returns the objective change. */
function ruin(p: Prepared, s: State, orders: readonly number[]): number {
  let total = 0;
  for (const i of orders) {
    const k = s.choice[i] ?? -1;
    if (k < 0) continue;
    total += s.delta(p.candidates[k] as Candidate, -1) + (p.orders[i]?.unassignedCost ?? 0);
    move(p, s, i, -1);
  }
  return total;
}

function restore(p: Prepared, s: State, saved: Choice, orders: readonly number[]): void {
  for (const i of orders) move(p, s, i, -1);
  for (const i of orders) move(p, s, i, saved[i] ?? -1);
}

/** One ruin-and-recreate step; keeps it only when the objective drops. */
function attempt(
  p: Prepared,
  s: State,
  c: Contention,
  input: { orders: readonly number[]; rand: () => number },
): boolean {
  const { orders, rand } = input;
  const live = orders.filter((i) => p.orders[i]?.blocked === null);
  const saved = Int32Array.from(s.choice);
  const change = ruin(p, s, live) + recreate(p, s, c, new Set(live), rand);
  if (change < -1e-6) return true;
  restore(p, s, saved, live);
  return false;
}

/** Improves a feasible choice; the result is never worse and stays feasible. */
export function improve(prepared: Prepared, start: Choice, options: ImproveOptions = {}): Choice {
  const s = new State(prepared);
  start.forEach((c, i) => {
    if (c >= 0 && s.fits(prepared.candidates[c] as Candidate, null)) move(prepared, s, i, c);
  });
  const rand = seededRandom(options.seed ?? 1);
  const c = contention(prepared);
  const limit = options.maxRemoved ?? 40;
  for (let round = 0; round < (options.rounds ?? 3); round++) {
    let improved = false;
    const open = prepared.orders
      .map((o, i) => (o.blocked === null && (s.choice[i] ?? -1) < 0 ? i : -1))
      .filter((i) => i >= 0);
    for (const i of open) {
      if ((s.choice[i] ?? -1) >= 0) continue;
      improved = attempt(prepared, s, c, { orders: related(c, i, limit, rand), rand }) || improved;
    }
    for (let i = 0; i < prepared.orders.length; i++) {
      const best = bestMove(prepared, s, i);
      if (best.gain > 1e-6) move(prepared, s, i, best.index);
    }
    if (!improved) break;
  }
  return s.choice;
}

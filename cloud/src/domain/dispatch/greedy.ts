import type { Candidate, Prepared } from './candidates.js';
import type { Choice } from './solution.js';

/** Mutable load and stock bookkeeping shared by construction and improvement. */
export class State {
  readonly load: Float64Array;
  readonly left = new Map<string, number>();
  readonly choice: Choice;
  /** Orders with some option drawing a scarce warehouse/part. */
  readonly drawers = new Map<string, number[]>();

  constructor(private readonly p: Prepared) {
    this.load = new Float64Array(p.techAvailMin.length);
    for (const row of p.stockRows) {
      const key = `${row.warehouseId}|${row.partId}`;
      this.left.set(key, row.available);
      this.drawers.set(key, [...new Set(row.draws.map(([c]) => (p.candidates[c] as Candidate).order))]);
    }
    this.choice = new Int32Array(p.orders.length).fill(-1);
  }

  fits(c: Candidate, ignore: Candidate | null): boolean {
    const free = (this.p.techAvailMin[c.tech] ?? 0) - (this.load[c.tech] ?? 0);
    const back = ignore !== null && ignore.tech === c.tech ? ignore.loadMin : 0;
    if (c.loadMin > free + back + 1e-9) return false;
    return c.picks.every((pick) => {
      const key = `${pick.warehouseId}|${pick.partId}`;
      const left = this.left.get(key);
      if (left === undefined) return true;
      const returned = ignore?.picks.find(
        (q) => q.warehouseId === pick.warehouseId && q.partId === pick.partId,
      );
      return pick.qty <= left + (returned?.qty ?? 0);
    });
  }

  /** Objective change of adding (sign 1) or removing (sign -1) a candidate, fairness included. */
  delta(c: Candidate, sign: 1 | -1): number {
    const share = this.p.fairShareMin[c.tech] ?? 0;
    const before = Math.max(0, (this.load[c.tech] ?? 0) - share);
    const after = Math.max(0, (this.load[c.tech] ?? 0) + sign * c.loadMin - share);
    return sign * c.cost + this.p.weights.fairnessPerMin * (after - before);
  }

  apply(c: Candidate, sign: 1 | -1): void {
    this.load[c.tech] = (this.load[c.tech] ?? 0) + sign * c.loadMin;
    for (const pick of c.picks) {
      const key = `${pick.warehouseId}|${pick.partId}`;
      const left = this.left.get(key);
      if (left !== undefined) this.left.set(key, left - sign * pick.qty);
    }
  }
}

export function bestMove(p: Prepared, s: State, i: number): { index: number; gain: number } {
  const o = p.orders[i];
  const current = s.choice[i] ?? -1;
  if (!o || o.blocked !== null) return { index: current, gain: 0 };
  const cur = current >= 0 ? (p.candidates[current] as Candidate) : null;
  const removal = cur ? s.delta(cur, -1) : -o.unassignedCost;
  let best = { index: current, gain: 0 };
  if (cur) s.apply(cur, -1);
  for (const k of o.candidates) {
    if (k === current) continue;
    const c = p.candidates[k] as Candidate;
    if (!s.fits(c, null)) continue;
    const gain = -(removal + s.delta(c, 1));
    if (gain > best.gain + 1e-9) best = { index: k, gain };
  }
  if (cur) s.apply(cur, 1);
  return best;
}

export function move(p: Prepared, s: State, i: number, next: number): void {
  const current = s.choice[i] ?? -1;
  if (current >= 0) s.apply(p.candidates[current] as Candidate, -1);
  if (next >= 0) s.apply(p.candidates[next] as Candidate, 1);
  s.choice[i] = next;
}

/** Assigned orders drawing stock a candidate cannot get. */
function stockBlockers(p: Prepared, s: State, c: Candidate): number[] {
  const short = c.picks
    .filter((pick) => {
      const left = s.left.get(`${pick.warehouseId}|${pick.partId}`);
      return left !== undefined && pick.qty > left;
    })
    .map((pick) => `${pick.warehouseId}|${pick.partId}`);
  if (short.length !== 1) return [];
  const key = short[0] as string;
  return (s.drawers.get(key) ?? []).filter((i) => {
    const k = s.choice[i] ?? -1;
    return k >= 0 && (p.candidates[k] as Candidate).picks.some((q) => `${q.warehouseId}|${q.partId}` === key);
  });
}

/**
 * Ejection: give an unassigned order stock held by an assigned one, and move that one to another
 * option, when the pair of moves lowers the objective. Undoes itself otherwise.
 */
function eject(p: Prepared, s: State, i: number): boolean {
  const o = p.orders[i];
  if (!o || o.blocked !== null || (s.choice[i] ?? -1) >= 0) return false;
  for (const k of o.candidates) {
    const c = p.candidates[k] as Candidate;
    for (const j of stockBlockers(p, s, c)) {
      const before = s.choice[j] as number;
      const removeGain = -s.delta(p.candidates[before] as Candidate, -1);
      move(p, s, j, -1);
      if (s.fits(c, null)) {
        const addCost = s.delta(c, 1) - o.unassignedCost;
        move(p, s, i, k);
        const next = bestMove(p, s, j);
        const unassignedJ = (p.orders[j]?.unassignedCost ?? 0) - next.gain;
        const total = addCost - removeGain + unassignedJ;
        if (next.index >= 0 && total < -1e-6) {
          move(p, s, j, next.index);
          return true;
        }
        move(p, s, i, -1);
      }
      move(p, s, j, before);
    }
  }
  return false;
}

/** Orders most expensive to leave behind first: urgent, then due soon, then fewest options. */
function constructionOrder(p: Prepared, prefer: Float64Array | null): number[] {
  const due = (i: number) => {
    const o = p.orders[i]?.order;
    return o?.dueAt ?? o?.predictedFailureAt ?? Number.POSITIVE_INFINITY;
  };
  const settled = (i: number) => {
    if (!prefer) return 0;
    let most = 0;
    for (const c of p.orders[i]?.candidates ?? []) most = Math.max(most, prefer[c] ?? 0);
    return most;
  };
  return p.orders
    .map((_, i) => i)
    .filter((i) => p.orders[i]?.blocked === null)
    .sort(
      (a, b) =>
        settled(b) - settled(a) ||
        (p.orders[b]?.weight ?? 0) - (p.orders[a]?.weight ?? 0) ||
        due(a) - due(b) ||
        (p.orders[a]?.candidates.length ?? 0) - (p.orders[b]?.candidates.length ?? 0),
    );
}

/** Among the options preferred most that still fit, the one that adds least to the objective. */
function preferredMove(p: Prepared, s: State, i: number, prefer: Float64Array): number {
  let best = -1;
  let bestValue = 1e-3;
  let bestDelta = Number.POSITIVE_INFINITY;
  for (const k of p.orders[i]?.candidates ?? []) {
    const value = prefer[k] ?? 0;
    if (value < bestValue - 1e-9) continue;
    const c = p.candidates[k] as Candidate;
    if (!s.fits(c, null)) continue;
    const delta = s.delta(c, 1);
    if (value > bestValue + 1e-9 || delta < bestDelta) {
      best = k;
      bestValue = value;
      bestDelta = delta;
    }
  }
  return best;
}

export interface GreedyOptions {
  maxPasses?: number;
  /** Per option, how strongly to prefer it while constructing (e.g. LP relaxation values). */
  prefer?: Float64Array;
  /** A choice to start from (options that no longer fit are dropped), then construct and improve. */
  start?: Choice;
}

/**
 * Greedy construction (cheapest feasible option per order, most urgent first; or the option an LP
 * relaxation prefers), then passes of single-order moves and ejections while any lowers the
 * objective. Never violates capacity or stock.
 */
export function greedy(prepared: Prepared, options: GreedyOptions = {}): Choice {
  const s = new State(prepared);
  const prefer = options.prefer ?? null;
  const sequence = constructionOrder(prepared, prefer);
  options.start?.forEach((c, i) => {
    if (c >= 0 && s.fits(prepared.candidates[c] as Candidate, null)) move(prepared, s, i, c);
  });
  for (const i of sequence) {
    if ((s.choice[i] ?? -1) >= 0) continue;
    const preferred = prefer ? preferredMove(prepared, s, i, prefer) : -1;
    const index = preferred >= 0 ? preferred : bestMove(prepared, s, i).index;
    if (index >= 0) move(prepared, s, i, index);
  }
  for (let pass = 0; pass < (options.maxPasses ?? 4); pass++) {
    let improved = false;
    for (const i of sequence) {
      const best = bestMove(prepared, s, i);
      if (best.gain > 1e-6) {
        move(prepared, s, i, best.index);
        improved = true;
      }
    }
    for (const i of sequence) improved = eject(prepared, s, i) || improved;
    if (!improved) break;
  }
  return s.choice;
}

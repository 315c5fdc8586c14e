import type { Candidate, Prepared, PreparedOrder } from './candidates.js';
import type { Layout } from './milp.js';
import type { Pricing } from './pricing.js';

/** An option of one technician for one order: its load and its cost with the stock duals off. */
interface Item {
  option: number;
  load: number;
  base: number;
}

/**
 * Pareto points of all layers of one technician's programme, in one growing pool: a layer is a
 * range of it. `prev` is the index (in the pool) of the point a point extends, `option` the option
 * it adds (-1: none).
 */
class Pool {
  load = new Float64Array(4096);
  cost = new Float64Array(4096);
  prev = new Int32Array(4096);
  option = new Int32Array(4096);
  size = 0;

  push(load: number, cost: number, prev: number, option: number): void {
    if (this.size === this.load.length) this.grow();
    const n = this.size++;
    this.load[n] = load;
    this.cost[n] = cost;
    this.prev[n] = prev;
    this.option[n] = option;
  }

  private grow(): void {
    const twice = <T extends Float64Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.load = twice(this.load);
    this.cost = twice(this.cost);
    this.prev = twice(this.prev);
    this.option = twice(this.option);
  }
}

/** One pool for every technician and solve: the programme runs synchronously, start to end. */
const pool = new Pool();

/**
 * One technician's exact best set at multipliers y: Pareto points (load ascending, cost strictly
 * descending), extended order by order (keep the point, or add one of the order's options, merged
 * by load); then the point with the least cost plus fairness term.
 */
function bestSchedule(
  groups: Item[][],
  y: Float64Array,
  orderOf: Int32Array,
  limits: { capacity: number; share: number; fairness: number },
): { value: number; options: number[] } {
  // Each order's options that lower the cost, and the most any later orders can still lower it:
  // a point that cannot get under the best finished value even so is dropped.
  const useful: { items: Item[]; gain: number[] }[] = [];
  for (const group of groups) {
    const items: Item[] = [];
    const gain: number[] = [];
    for (const it of group) {
      const d = it.base - (y[orderOf[it.option] as number] as number);
      if (d < -1e-9) {
        items.push(it);
        gain.push(d);
      }
    }
    if (items.length > 0) useful.push({ items, gain });
  }
  const rest = new Float64Array(useful.length + 1);
  for (let g = useful.length - 1; g >= 0; g--)
    rest[g] = (rest[g + 1] as number) + Math.min(...(useful[g]?.gain ?? [0]));
  const finished = (load: number, cost: number) => cost + limits.fairness * Math.max(0, load - limits.share);
  // The best finished point so far (first the empty set, 0), kept as found: its copies in later
  // layers can never be better, so they are dropped like any other point that cannot beat it.
  let bestValue = 0;
  let bestAt = -1;
  pool.size = 0;
  pool.push(0, 0, -1, -1);
  let from = 0;
  let to = 1;
  const heads: number[] = [];
  for (let g = 0; g < useful.length; g++) {
    const { items, gain } = useful[g] as { items: Item[]; gain: number[] };
    const later = rest[g + 1] as number;
    const lists = items.length + 1;
    heads.length = 0;
    for (let k = 0; k < lists; k++) heads.push(from);
    let bestCost = Number.POSITIVE_INFINITY;
    for (;;) {
      let pick = -1;
      let pickLoad = Number.POSITIVE_INFINITY;
      let pickCost = Number.POSITIVE_INFINITY;
      for (let k = 0; k < lists; k++) {
        const h = heads[k] as number;
        if (h >= to) continue;
        const load = (pool.load[h] as number) + (k === 0 ? 0 : (items[k - 1] as Item).load);
        if (load > limits.capacity + 1e-9) {
          heads[k] = to;
          continue;
        }
        const cost = (pool.cost[h] as number) + (k === 0 ? 0 : (gain[k - 1] as number));
        if (load < pickLoad - 1e-12 || (load <= pickLoad + 1e-12 && cost < pickCost)) {
          pick = k;
          pickLoad = load;
          pickCost = cost;
        }
      }
      if (pick < 0) break;
      const h = heads[pick] as number;
      heads[pick] = h + 1;
      if (pickCost < bestCost - 1e-9) {
        bestCost = pickCost;
        const value = finished(pickLoad, pickCost);
        if (value + later >= bestValue - 1e-9) continue;
        pool.push(pickLoad, pickCost, h, pick === 0 ? -1 : (items[pick - 1] as Item).option);
        if (value < bestValue) {
          bestValue = value;
          bestAt = pool.size - 1;
        }
      }
    }
    from = to;
    to = pool.size;
  }
  const options: number[] = [];
  for (let k = bestAt; k >= 0; k = pool.prev[k] as number) {
    const option = pool.option[k] as number;
    if (option >= 0) options.push(option);
  }
  return { value: bestValue, options };
}

/**
 * A lower bound that sees the fairness term whole (Lagrangian relaxation of the assignment rows):
 *
 * move the assignment rows (with multipliers y) and the stock rows (with the LP's duals) into the
 * objective; what is left is one problem per technician: pick a set of their options, at most one
 * per order, within their capacity, paying each option's cost minus y of its order plus the
 * fairness term of the set's load, exactly. Each is solved exactly by a Pareto dynamic programme
 * over (load, cost). For every y this is a lower bound of the full model; starting at the LP's
 * duals it is at least the LP bound, and subgradient steps on y (Polyak steps towards a known
 * plan's objective) raise it. The LP splits orders between technicians so that each sits exactly
 * at their fair share; a technician's schedule here is whole jobs, so its load cannot, which is
 * the integrality the LP and the decomposition bound (`core-bound.ts`) do not see.
 *
 * At 500 x 100 (seed 6 priced alone): LP 50,061; 15 steps 50,374, 40 steps 50,415, where 20 s of
 * HiGHS branch-and-cut proves 50,416.
 *
 * The class keeps the subgradient state, so steps can be taken in two goes: a few before the
 * repairs, to see whether it can pass the decomposition bound (and so deserves time), the rest
 * after them.
 */
export class ScheduleBound {
  private readonly fixed: number;
  private readonly orderOf: Int32Array;
  private readonly groupsOf: Item[][][];
  private readonly limits: { capacity: number; share: number; fairness: number }[];
  private readonly orders: number[];
  private readonly y: Float64Array;
  private readonly covered: Float64Array;
  private readonly lpBound: number;
  private best = Number.NEGATIVE_INFINITY;
  private size = 1;
  private stale = 0;
  private norm = Number.POSITIVE_INFINITY;
  private value = Number.NEGATIVE_INFINITY;
  steps = 0;
  seconds = 0;

  constructor(
    private readonly p: Prepared,
    L: Layout,
    pricing: Pricing,
  ) {
    const y0 = pricing.duals;
    const stockDual = (row: number) => Math.min(0, y0[row] as number);
    // The stock rows stay at the LP's duals: their duals times their right-hand sides, and each
    // option's cost less them.
    let fixed = 0;
    p.stockRows.forEach((row, s) => {
      fixed += stockDual(L.stockRow0 + s) * row.available;
    });
    L.cutRhs.forEach((rhs, k) => {
      fixed += stockDual(L.cutRow0 + k) * rhs;
    });
    this.fixed = fixed;
    this.orderOf = new Int32Array(p.candidates.length);
    const byTech: Map<number, Item[]>[] = p.techAvailMin.map(() => new Map());
    p.candidates.forEach((c: Candidate, j) => {
      this.orderOf[j] = c.order;
      let base = c.cost;
      for (const [row, value] of L.stockOf.get(j) ?? []) base -= stockDual(row) * value;
      const groups = byTech[c.tech] as Map<number, Item[]>;
      const group = groups.get(c.order) ?? [];
      group.push({ option: j, load: c.loadMin, base });
      groups.set(c.order, group);
    });
    this.groupsOf = byTech.map((g) => [...g.values()]);
    this.limits = p.techAvailMin.map((avail, t) => ({
      capacity: avail,
      share: p.fairShareMin[t] ?? 0,
      fairness: p.weights.fairnessPerMin,
    }));
    this.orders = p.orders.map((_, i) => i).filter((i) => (L.assignRow[i] as number) >= 0);
    this.y = new Float64Array(p.orders.length);
    for (const i of this.orders) this.y[i] = y0[L.assignRow[i] as number] as number;
    this.covered = new Float64Array(p.orders.length);
    this.lpBound = pricing.bound;
  }

  /** Valid lower bound on the full model: the best value seen, never under the LP bound. */
  get bound(): number {
    return Math.max(this.lpBound, this.best);
  }

  /** After 5 steps still under half of `beat`'s lead over the LP: it will not pass `beat`. */
  behind(beat: number): boolean {
    return this.steps >= 5 && this.best - this.lpBound < (beat - this.lpBound) / 2;
  }

  /** The Lagrangian at the current multipliers, and which orders its schedules cover. */
  private evaluate(): void {
    const { p, y, covered } = this;
    covered.fill(0);
    let value = this.fixed;
    for (const i of this.orders) {
      const yi = y[i] as number;
      const leave = (p.orders[i] as PreparedOrder).unassignedCost - yi;
      value += yi + Math.min(0, leave);
      if (leave < 0) covered[i] = 1;
    }
    this.groupsOf.forEach((groups, t) => {
      const s = bestSchedule(groups, y, this.orderOf, this.limits[t] as (typeof this.limits)[number]);
      value += s.value;
      for (const option of s.options) {
        const i = this.orderOf[option] as number;
        covered[i] = (covered[i] as number) + 1;
      }
    });
    this.value = value;
    if (value > this.best + 1e-6) {
      this.best = value;
      this.stale = 0;
    } else if (++this.stale >= 3) {
      this.size /= 2;
      this.stale = 0;
    }
    let norm = 0;
    for (const i of this.orders) norm += (1 - (covered[i] as number)) ** 2;
    this.norm = norm;
  }

  /**
   * Polyak steps towards `target` (a plan's objective) for at most `seconds` and `maxSteps`;
   * stops early when every order is covered exactly once (nothing left to gain), the target is
   * reached, or, given `beat`, when `behind(beat)`.
   */
  run(input: { target: number; seconds: number; beat?: number; maxSteps?: number }): void {
    const t0 = performance.now();
    const maxSteps = this.steps + (input.maxSteps ?? 200);
    if (this.value === Number.NEGATIVE_INFINITY) this.evaluate();
    for (;;) {
      const elapsed = (performance.now() - t0) / 1000;
      const perStep = (this.seconds + elapsed) / (this.steps + 1);
      if (
        this.norm === 0 ||
        !Number.isFinite(input.target) ||
        input.target <= this.value ||
        (input.beat !== undefined && this.behind(input.beat)) ||
        this.steps >= maxSteps ||
        elapsed + perStep > input.seconds
      )
        break;
      const step = (this.size * (input.target - this.value)) / this.norm;
      for (const i of this.orders)
        this.y[i] = (this.y[i] as number) + step * (1 - (this.covered[i] as number));
      this.steps++;
      this.evaluate();
    }
    this.seconds += (performance.now() - t0) / 1000;
  }
}

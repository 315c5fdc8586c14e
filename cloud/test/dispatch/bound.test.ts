import { describe, expect, it } from 'vitest';
import { coreBound } from '../../src/domain/dispatch/core-bound.js';
import {
  buildMilp,
  DEFAULT_TRAVEL,
  DEFAULT_WEIGHTS,
  dispatch,
  evaluate,
  greedy,
  haversineTravel,
  improve,
  layout,
  type Prepared,
  prepare,
  runMilp,
  sampleInstance,
  TimeBudget,
} from '../../src/domain/dispatch/index.js';
import { createModel, relax } from '../../src/domain/dispatch/relaxation.js';
import { ScheduleBound } from '../../src/domain/dispatch/schedule-bound.js';
import { bruteForce, highs } from './helpers.js';

const travel = haversineTravel(DEFAULT_TRAVEL);

/** Small instances where stock is scarce (few part types, low coverage) and brute force is cheap. */
function scarceInstances(count: number): Prepared[] {
  const out: Prepared[] = [];
  for (let seed = 1; out.length < count && seed < 400; seed++) {
    const instance = sampleInstance({
      orders: 6,
      technicians: 2,
      warehouses: 2,
      seed,
      days: 1,
      parts: 2,
      stockCoverage: 0.5,
    });
    const p = prepare(instance, DEFAULT_WEIGHTS, travel);
    const space = p.orders.reduce((n, o) => n * (o.candidates.length + 1), 1);
    if (space <= 150_000 && p.stockRows.length > 0) out.push(p);
  }
  return out;
}

/** LP relaxation of the full model (rounded stock rows included). */
async function lpValue(p: Prepared): Promise<number> {
  const solver = await highs();
  const m = buildMilp(p, solver.infinity);
  const model = createModel(solver, m, false);
  try {
    model.options.set({ output_flag: false });
    model.run();
    return model.getObjectiveValue();
  } finally {
    model.dispose();
  }
}

/** 60 orders x 20 technicians, stock scarce: the greedy start and the optimum HiGHS proves. */
async function provenInstances(seeds: number[]) {
  const solver = await highs();
  return seeds.map((seed) => {
    const p = prepare(
      sampleInstance({
        orders: 60,
        technicians: 20,
        warehouses: 4,
        seed,
        days: 3,
        parts: 3,
        stockCoverage: 0.35,
      }),
      DEFAULT_WEIGHTS,
      travel,
    );
    const start = greedy(p);
    const exact = runMilp(solver, p, buildMilp(p, solver.infinity), {
      start,
      seconds: 60,
      relGap: 0,
      presolve: false,
    });
    expect(exact.status).toBe('optimal');
    return { p, start, optimum: exact.objective as number };
  });
}

describe('lower bound with rounded stock rows', () => {
  const instances = scarceInstances(12);

  it('finds enough small instances where stock binds and rows get rounded', () => {
    expect(instances.length).toBe(12);
    expect(instances.filter((p) => layout(p).cutRhs.length > 0).length).toBeGreaterThanOrEqual(3);
  });

  it('never exceeds the brute-force optimum (LP relaxation and reported bound)', async () => {
    const solver = await highs();
    for (const p of instances) {
      const exact = bruteForce(p);
      expect(await lpValue(p)).toBeLessThanOrEqual(exact + 1e-6);
      const plan = dispatch(p.instance, { highs: solver, timeLimitSec: 10, relGap: 0, queuePricing: false });
      expect(plan.run.bound).toBeLessThanOrEqual(exact + 1e-6);
      expect(plan.run.objective).toBeCloseTo(exact, 4);
      expect(plan.run.gap).toBeCloseTo(0, 6);
    }
  });
});

describe('decomposition bound', () => {
  /** LP bound by column generation, then the decomposition bound on its duals. */
  async function bounds(p: Prepared, cap = Number.POSITIVE_INFINITY) {
    const solver = await highs();
    const L = layout(p);
    const lp = relax(solver, p, L, null, { lp: 30, dive: 0 });
    return { lp: lp.pricing.bound, core: coreBound(solver, p, L, lp.pricing, { cap, seconds: 30 }) };
  }

  it('lies between the LP bound and the brute-force optimum, and rises above the LP where stock binds', async () => {
    // Enough technicians that capacity rarely binds: the LP's gap is then mostly stock.
    const cases: Prepared[] = [];
    for (let seed = 1; cases.length < 12; seed++) {
      const p = prepare(
        sampleInstance({
          orders: 7,
          technicians: 5,
          warehouses: 3,
          seed,
          days: 3,
          parts: 2,
          stockCoverage: 0.4,
        }),
        DEFAULT_WEIGHTS,
        travel,
      );
      if (p.stockRows.length > 0 && p.orders.reduce((n, o) => n * (o.candidates.length + 1), 1) <= 150_000)
        cases.push(p);
    }
    let stronger = 0;
    for (const p of [...scarceInstances(12), ...cases]) {
      const exact = bruteForce(p);
      const { lp, core } = await bounds(p);
      expect(core.bound).toBeGreaterThanOrEqual(lp - 1e-6);
      expect(core.bound).toBeLessThanOrEqual(exact + 1e-6);
      if (core.bound > lp + 1e-3) stronger++;
    }
    expect(stronger).toBeGreaterThanOrEqual(1);
  });

  it('stays under the proven optimum of larger instances, with or without a reduced-cost cap', async () => {
    let gained = 0;
    for (const { p, start, optimum } of await provenInstances([1, 2, 3, 4])) {
      const open = await bounds(p);
      const capped = await bounds(p, evaluate(p, start).objective - open.lp);
      for (const b of [open.core, capped.core]) {
        expect(b.bound).toBeGreaterThanOrEqual(open.lp - 1e-6);
        expect(b.bound).toBeLessThanOrEqual(optimum + 1e-6);
      }
      expect(capped.core.columns).toBeLessThanOrEqual(open.core.columns);
      if (open.core.bound > open.lp + 1e-3) gained++;
    }
    expect(gained).toBeGreaterThanOrEqual(2);
  });
});

describe('schedule bound', () => {
  it('lies between the LP bound and the optimum at every step, and rises above the LP with steps', async () => {
    const solver = await highs();
    let stronger = 0;
    const cases = [
      ...scarceInstances(12).map((p) => ({ p, optimum: bruteForce(p) })),
      ...(await provenInstances([1, 2, 3])),
    ];
    for (const { p, optimum } of cases) {
      const L = layout(p);
      const lp = relax(solver, p, L, null, { lp: 30, dive: 0 });
      // A target above the optimum makes the steps overshoot: the bound must stay valid anyway.
      for (const target of [optimum, optimum * 1.2]) {
        const b = new ScheduleBound(p, L, lp.pricing);
        // In two goes, as the solve takes them: 5 steps, then more towards another target.
        for (const [go, maxSteps] of [
          [target * 1.1, 5],
          [target, 35],
        ] as const) {
          b.run({ target: go, seconds: 30, maxSteps });
          expect(b.bound).toBeGreaterThanOrEqual(lp.pricing.bound - 1e-6);
          expect(b.bound).toBeLessThanOrEqual(optimum + 1e-6);
        }
        if (b.bound > lp.pricing.bound + 1e-3) stronger++;
      }
    }
    expect(stronger).toBeGreaterThanOrEqual(3);
  });
});

describe('ruin-and-recreate search', () => {
  it('never worsens the objective and never breaks capacity or stock', () => {
    const cases = [
      ...scarceInstances(6),
      ...[1, 2, 3].map((seed) =>
        prepare(
          sampleInstance({ orders: 80, technicians: 6, warehouses: 3, seed, days: 1, stockCoverage: 0.35 }),
          DEFAULT_WEIGHTS,
          travel,
        ),
      ),
    ];
    let improved = 0;
    for (const p of cases) {
      const empty = new Int32Array(p.orders.length).fill(-1);
      for (const start of [empty, greedy(p, { maxPasses: 0 })]) {
        const before = evaluate(p, start);
        const after = evaluate(p, improve(p, start, { seed: 7 }));
        expect(after.violations).toEqual([]);
        expect(after.objective).toBeLessThanOrEqual(before.objective + 1e-6);
        if (after.objective < before.objective - 1e-6) improved++;
      }
    }
    expect(improved).toBeGreaterThanOrEqual(9);
  });
});

describe('time budget', () => {
  it('counts charged solver time without a clock and wall time with one', () => {
    const charged = new TimeBudget(2);
    charged.charge(0.5);
    expect(charged.left()).toBeCloseTo(1.5);
    let now = 1_000;
    const timed = new TimeBudget(2, () => now);
    now += 750;
    timed.charge(5);
    expect(timed.left()).toBeCloseTo(1.25);
    expect(timed.solverSec).toBe(5);
  });
});

import { describe, expect, it } from 'vitest';
import {
  type Candidate,
  DEFAULT_TRAVEL,
  DEFAULT_WEIGHTS,
  dispatch,
  evaluate,
  greedy,
  haversineTravel,
  prepare,
  sampleInstance,
} from '../../src/domain/dispatch/index.js';
import { bruteForce, highs, violations } from './helpers.js';

const travel = haversineTravel(DEFAULT_TRAVEL);

describe('dispatch on seeded random instances', () => {
  it('satisfies skills, shifts, capacity and stock on every instance', async () => {
    const solver = await highs();
    for (let seed = 1; seed <= 6; seed++) {
      const instance = sampleInstance({ orders: 40, technicians: 8, warehouses: 4, seed, days: 1 });
      const plan = dispatch(instance, { highs: solver, timeLimitSec: 1 });
      expect(violations(instance, plan), `seed ${seed}`).toEqual([]);
      expect(plan.assignments.length + plan.unassigned.length).toBe(instance.orders.length);
      expect(plan.run.bound).toBeLessThanOrEqual(plan.run.objective + 1e-6);
      expect(plan.run.objective).toBeLessThanOrEqual(plan.run.heuristicObjective + 1e-6);
      const heuristic = greedy(prepare(instance, DEFAULT_WEIGHTS, travel));
      expect(evaluate(prepare(instance, DEFAULT_WEIGHTS, travel), heuristic).violations).toEqual([]);
    }
  });

  it('matches brute force on small instances', async () => {
    const solver = await highs();
    let checked = 0;
    for (let seed = 1; checked < 6 && seed < 60; seed++) {
      const instance = sampleInstance({ orders: 5, technicians: 3, warehouses: 2, seed, days: 1, parts: 4 });
      const p = prepare(instance, DEFAULT_WEIGHTS, travel);
      const space = p.orders.reduce((n, o) => n * (o.candidates.length + 1), 1);
      if (space > 200_000) continue;
      checked++;
      const exact = bruteForce(p);
      const plan = dispatch(instance, { highs: solver, timeLimitSec: 10, relGap: 0, queuePricing: false });
      expect(plan.run.status, `seed ${seed}`).toBe('optimal');
      expect(plan.run.objective).toBeCloseTo(exact, 4);
      expect(plan.run.bound).toBeLessThanOrEqual(exact + 1e-4);
      // Queue-aware: optimal for the re-priced model it reports on, never cheaper than priced alone.
      const queued = dispatch(instance, { highs: solver, timeLimitSec: 10, relGap: 0 });
      const exactQueued = bruteForce(queued.model);
      expect(queued.run.pricing).toBe('queued');
      expect(queued.run.status, `seed ${seed}`).toBe('optimal');
      expect(queued.run.objective).toBeCloseTo(exactQueued, 4);
      expect(queued.run.bound).toBeLessThanOrEqual(exactQueued + 1e-4);
      expect(exactQueued).toBeGreaterThanOrEqual(exact - 1e-6);
    }
    expect(checked).toBe(6);
  });

  it('is constrained for real: capacity and stock bind on a crowded instance', async () => {
    const instance = sampleInstance({ orders: 60, technicians: 4, warehouses: 2, seed: 7, days: 1 });
    const plan = dispatch(instance, { highs: await highs(), timeLimitSec: 5 });
    expect(plan.unassigned.some((u) => u.reason === 'capacity_or_stock')).toBe(true);
    expect(violations(instance, plan)).toEqual([]);
  });

  it('falls back to the heuristic without a solver and still reports a bound and gap', () => {
    const instance = sampleInstance({ orders: 30, technicians: 6, warehouses: 3, seed: 3, days: 1 });
    const plan = dispatch(instance, { highs: null });
    expect(plan.run.solver).toBe('greedy');
    expect(plan.run.fallbackReason).toBe('no solver loaded');
    expect(plan.run.bound).toBeGreaterThan(0);
    expect(plan.run.gap).toBeGreaterThanOrEqual(0);
    expect(violations(instance, plan)).toEqual([]);
  });
});

describe('choice of options', () => {
  it('prefers the van, then the site warehouse, and adds transfer time otherwise', async () => {
    const instance = sampleInstance({ orders: 1, technicians: 1, warehouses: 2, seed: 5, days: 1 });
    const order = {
      ...(instance.orders[0] as (typeof instance.orders)[number]),
      requiredSkills: [],
      parts: [{ partId: 'p', qty: 1 }],
    };
    const tech = instance.technicians[0] as (typeof instance.technicians)[number];
    const other = instance.warehouses.find((w) => w.siteId !== null && w.siteId !== order.siteId);
    const site = instance.warehouses.find((w) => w.siteId === order.siteId);
    const base = {
      ...instance,
      orders: [order],
      parts: [{ id: 'p', reorderPoint: 1, leadTimeMs: 86_400_000 }],
    };
    const solver = await highs();
    const run = (stock: { warehouseId: string; onHand: number }[]) =>
      dispatch({ ...base, stock: stock.map((s) => ({ ...s, partId: 'p', reserved: 0 })) }, { highs: solver })
        .assignments[0];
    expect(
      run([
        { warehouseId: tech.vanWarehouseId as string, onHand: 1 },
        { warehouseId: site?.id as string, onHand: 1 },
      ])?.parts[0]?.kind,
    ).toBe('van');
    expect(run([{ warehouseId: site?.id as string, onHand: 1 }])?.parts[0]?.kind).toBe('site');
    const far = run([{ warehouseId: other?.id as string, onHand: 1 }]);
    expect(far?.parts[0]?.kind).toBe('transfer');
    expect(far?.parts[0]?.transferMin).toBeGreaterThan(0);
    expect(far?.summary).toContain('transfer');
  });

  it('raises a purchase when no warehouse holds the part and flags it when it lands after the failure', async () => {
    const instance = sampleInstance({ orders: 2, technicians: 2, warehouses: 2, seed: 9, days: 1 });
    const [a, b] = instance.orders as [(typeof instance.orders)[number], (typeof instance.orders)[number]];
    const now = instance.now;
    const orders = [
      { ...a, parts: [{ partId: 'slow', qty: 1 }], predictedFailureAt: now + 2 * 86_400_000 },
      { ...b, parts: [{ partId: 'fast', qty: 1 }], predictedFailureAt: now + 10 * 86_400_000 },
    ];
    const parts = [
      { id: 'slow', reorderPoint: 0, leadTimeMs: 7 * 86_400_000 },
      { id: 'fast', reorderPoint: 0, leadTimeMs: 86_400_000 },
    ];
    const plan = dispatch({ ...instance, orders, parts, stock: [] }, { highs: await highs() });
    expect(plan.assignments).toEqual([]);
    expect(plan.unassigned.map((u) => u.reason)).toEqual(['needs_purchase', 'needs_purchase']);
    const slow = plan.purchases.find((p) => p.partId === 'slow');
    const fast = plan.purchases.find((p) => p.partId === 'fast');
    expect(slow?.beforeFailure).toBe(false);
    expect(slow?.summary).toContain('after the predicted failure');
    expect(fast?.beforeFailure).toBe(true);
    expect(fast?.arrivesAt).toBe(now + 86_400_000);
  });

  it('keeps an accepted job with its technician unless the gain beats the reassignment penalty', async () => {
    const instance = sampleInstance({ orders: 1, technicians: 2, warehouses: 1, seed: 11, days: 1 });
    const techs = instance.technicians.map((t) => ({ ...t, skills: { mechanical: 3 } }));
    const order = {
      ...(instance.orders[0] as (typeof instance.orders)[number]),
      requiredSkills: [],
      parts: [],
    };
    const solver = await highs();
    const free = dispatch({ ...instance, technicians: techs, orders: [order] }, { highs: solver });
    const best = free.assignments[0]?.technicianId;
    const other = techs.find((t) => t.id !== best)?.id as string;
    const pinned = dispatch(
      { ...instance, technicians: techs, orders: [{ ...order, currentAssigneeId: other }] },
      { highs: solver },
    );
    const p = prepare({ ...instance, technicians: techs, orders: [order] }, DEFAULT_WEIGHTS, travel);
    const costs = p.candidates.map((c: Candidate) => c.cost);
    const gain = Math.max(...costs) - Math.min(...costs);
    expect(pinned.assignments[0]?.technicianId).toBe(gain > DEFAULT_WEIGHTS.reassignPenalty ? best : other);
    expect(pinned.assignments[0]?.reassigned).toBe(gain > DEFAULT_WEIGHTS.reassignPenalty);
  });
});

// Sequencing each technician's jobs in time: hand-computed small cases. One technician, jobs at
// fixed points, and a travel model of 30 min between different points (0 at the same point).
import { describe, expect, it } from 'vitest';
import {
  type DispatchInstance,
  type DispatchOrder,
  dispatch,
  type GeoPoint,
  type TravelModel,
} from '../../src/domain/dispatch/index.js';
import { bruteForce, highs, violations } from './helpers.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = Date.UTC(2026, 0, 5, 8, 0, 0);
const HOME: GeoPoint = { lat: 48.9, lon: 2.3 };
const X: GeoPoint = { lat: 48.8, lon: 2.4 };
const Y: GeoPoint = { lat: 48.7, lon: 2.5 };

const flat: TravelModel = {
  minutes: (a, b) => (a.lat === b.lat && a.lon === b.lon ? 0 : 30),
};

function order(id: string, o: Partial<DispatchOrder>): DispatchOrder {
  return {
    id,
    siteId: 's',
    location: HOME,
    requiredSkills: [],
    durationMin: 60,
    priority: 3,
    dueAt: null,
    predictedFailureAt: null,
    parts: [],
    currentAssigneeId: null,
    ...o,
  };
}

function instance(
  orders: DispatchOrder[],
  tech: { shifts?: { start: number; end: number }[]; cap?: number } = {},
): DispatchInstance {
  return {
    now: NOW,
    horizonMs: 3 * 24 * HOUR,
    orders,
    technicians: [
      {
        id: 'tech-1',
        skills: {},
        home: HOME,
        location: null,
        shifts: tech.shifts ?? [{ start: NOW, end: NOW + 10 * HOUR }],
        dailyCapacityMin: tech.cap ?? 600,
        committedMin: 0,
        vanWarehouseId: null,
      },
    ],
    warehouses: [],
    stock: [],
    parts: [],
  };
}

async function solve(i: DispatchInstance, queuePricing = true) {
  const plan = dispatch(i, { highs: await highs(), timeLimitSec: 1, travel: flat, queuePricing });
  const by = new Map(plan.assignments.map((a) => [a.orderId, a]));
  return { plan, by };
}

describe('sequencing a technician’s jobs', () => {
  it('two jobs due at the same time, priced alone: the second one’s lateness only in the routes', async () => {
    const due = NOW + 60 * MIN;
    const { plan, by } = await solve(
      instance([order('b', { priority: 2, dueAt: due }), order('a', { priority: 1, dueAt: due })]),
      false,
    );
    // The model prices each alone at the shift start: both on time.
    expect(plan.run.pricing).toBe('alone');
    expect(plan.run.modelLatenessCost).toBe(0);
    expect(by.get('a')).toMatchObject({ startAt: NOW, endAt: NOW + 60 * MIN, latenessMin: 0, position: 1 });
    expect(by.get('b')).toMatchObject({ startAt: NOW + 60 * MIN, endAt: NOW + 120 * MIN, latenessMin: 60 });
    expect(by.get('b')?.modelLatenessMin).toBe(0);
    // P2 weighs 4 per minute: 60 min late = 240 more than the model's objective.
    expect(plan.run.sequencedLatenessCost).toBe(240);
    expect(plan.run.sequencedObjective - plan.run.objective).toBeCloseTo(240, 6);
    expect(by.get('b')?.summary).toContain('job 2 of 2, starts 2026-01-05T09:00Z');
    expect(by.get('b')?.summary).toContain('60 min late');
  });

  it('two jobs due at the same time, queue-aware: the model counts the second one’s wait', async () => {
    const due = NOW + 60 * MIN;
    const { plan, by } = await solve(
      instance([order('b', { priority: 2, dueAt: due }), order('a', { priority: 1, dueAt: due })]),
    );
    expect(plan.run.pricing).toBe('queued');
    expect(by.get('a')).toMatchObject({ startAt: NOW, latenessMin: 0, position: 1, modelLatenessMin: 0 });
    expect(by.get('b')).toMatchObject({ startAt: NOW + 60 * MIN, latenessMin: 60, modelLatenessMin: 60 });
    // The queued model prices b after a: 60 min x 4 in the objective, as in the route.
    expect(plan.run.modelLatenessCost).toBe(240);
    expect(plan.run.sequencedLatenessCost).toBe(240);
    expect(plan.run.sequencedObjective).toBeCloseTo(plan.run.objective, 6);
    expect(plan.run.status).toBe('optimal');
    expect(plan.run.gap).toBe(0);
  });

  it('earliest due first, with travel between the sites', async () => {
    // a at X (60 min, due +100), b at Y (30 min, due +60); 30 min between any two points.
    // b first: travel 30 + 30 -> ends +60 on time; a: 30 + 60 -> ends +150, 50 min late (x2 = 100).
    // a first would cost 2 x 90 = 180 of lateness.
    const { plan, by } = await solve(
      instance([
        order('a', { location: X, dueAt: NOW + 100 * MIN }),
        order('b', { location: Y, durationMin: 30, dueAt: NOW + 60 * MIN }),
      ]),
    );
    expect(by.get('b')).toMatchObject({ startAt: NOW, endAt: NOW + 60 * MIN, latenessMin: 0, travelMin: 30 });
    expect(by.get('a')).toMatchObject({
      startAt: NOW + 60 * MIN,
      endAt: NOW + 150 * MIN,
      latenessMin: 50,
      travelMin: 30,
      position: 2,
    });
    expect(plan.run.sequencedLatenessCost).toBe(100);
    // Queue-aware: a's option is priced after b, from b's site (30 + 60 min): 50 min late.
    expect(plan.run.modelLatenessCost).toBe(100);
  });

  it('priority weights can overrule the due date', async () => {
    // a: P1 (8/min) due +60; b: P5 (0.5/min) 30 min, due +30. EDD (b, a) costs 8 x 30 = 240;
    // a first costs 0.5 x 60 = 30.
    const { plan, by } = await solve(
      instance([
        order('a', { priority: 1, dueAt: NOW + 60 * MIN }),
        order('b', { priority: 5, durationMin: 30, dueAt: NOW + 30 * MIN }),
      ]),
    );
    expect(by.get('a')).toMatchObject({ position: 1, startAt: NOW, latenessMin: 0 });
    expect(by.get('b')).toMatchObject({ position: 2, startAt: NOW + 60 * MIN, latenessMin: 60 });
    expect(plan.run.sequencedLatenessCost).toBe(30);
  });

  it('a full day pushes the second job to the next shift, and its lateness counts', async () => {
    const shifts = [
      { start: NOW, end: NOW + 10 * HOUR },
      { start: NOW + 24 * HOUR, end: NOW + 34 * HOUR },
    ];
    const due = NOW + 2 * HOUR;
    const i = instance([order('a', { priority: 3, dueAt: due }), order('b', { priority: 4, dueAt: due })], {
      shifts,
      cap: 90,
    });
    const { plan, by } = await solve(i);
    expect(by.get('a')).toMatchObject({ startAt: NOW, latenessMin: 0 });
    // Day one has 90 min: 60 used, the second 60 starts the next morning, ends at +25 h (23 h late).
    expect(by.get('b')).toMatchObject({ startAt: NOW + 24 * HOUR, latenessMin: 23 * 60 });
    expect(plan.run.sequencedLatenessCost).toBe(23 * 60);
    expect(violations(i, plan)).toEqual([]);
  });

  it('queue-aware pricing spreads a queue the model priced alone would keep on one technician', async () => {
    // Four 60 min jobs at HOME, all due at +60: tech-1 is there (no travel), tech-2 is 30 min away.
    // Priced alone every job costs 0 on tech-1, so all four go there and queue: 60 + 120 + 180 min
    // late (x2) once sequenced. Queue-aware, the model sees the queue and moves some to tech-2.
    const base = instance([1, 2, 3, 4].map((k) => order(`o${k}`, { dueAt: NOW + 60 * MIN })));
    const tech2 = {
      ...(base.technicians[0] as DispatchInstance['technicians'][number]),
      id: 'tech-2',
      home: Y,
    };
    const i = { ...base, technicians: [...base.technicians, tech2] };
    const alone = await solve(i, false);
    const queued = await solve(i);
    expect(alone.plan.run.modelLatenessCost).toBe(0);
    expect(alone.plan.run.sequencedLatenessCost).toBe(2 * (60 + 120 + 180));
    expect(queued.plan.run.sequencedObjective).toBeLessThan(alone.plan.run.sequencedObjective);
    expect(new Set(queued.plan.assignments.map((a) => a.technicianId)).size).toBe(2);
    // Optimal for the model it reports on (brute force over the re-priced options).
    expect(queued.plan.run.objective).toBeCloseTo(bruteForce(queued.plan.model), 6);
    expect(queued.plan.run.modelLatenessCost).toBeGreaterThan(0);
    expect(violations(i, queued.plan)).toEqual([]);
  });
});

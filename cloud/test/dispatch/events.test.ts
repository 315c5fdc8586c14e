// Events and jobs: a technician becoming unavailable, reorder points, receiving purchases, re-dispatch.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventRunnerOf } from '../../src/services/dispatch/event-runner.js';
import { dispatchJobs } from '../../src/services/dispatch/jobs.js';
import { createHarness, type Harness } from '../support/harness.js';
import { HOUR, seedAndDispatch, seedPlant } from './seed.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => h.close());

const techBody = (available: boolean) => ({
  displayName: 'Tech',
  skills: { mechanical: 3 },
  home: { lat: 48.9, lon: 2.3 },
  shifts: [{ start: h.clock.now(), end: h.clock.now() + 10 * HOUR }],
  dailyCapacityMin: 600,
  vanWarehouseId: null,
  available,
});

describe('dispatch events and jobs', () => {
  it('re-plans the jobs of a technician who becomes unavailable', async () => {
    const { planner, run } = await seedAndDispatch(h, { onHand: 5, orders: 2 });
    const byTech = run.assignments.map((a) => a.technicianId);
    const gone = byTech[0] as string;
    const res = await h.app.inject({
      method: 'PUT',
      url: `/api/v1/technicians/${gone}`,
      headers: planner,
      payload: techBody(false),
    });
    expect(res.statusCode, res.body).toBe(200);
    await eventRunnerOf(h.ctx)!.idle();
    const orders = await h.ctx.db.read((db) => db.select().from(h.ctx.db.t.workOrders));
    const scheduled = orders.filter((o) => o.status === 'scheduled');
    expect(scheduled).toHaveLength(2);
    expect(scheduled.every((o) => o.assigneeId !== gone)).toBe(true);
    const stock = await h.ctx.db.read((db) => db.select().from(h.ctx.db.t.stock));
    expect(stock[0]).toMatchObject({ onHand: 5, reserved: 2 });
    const events = await h.ctx.db.read((db) => db.select().from(h.ctx.db.t.workOrderEvents));
    expect(events.some((e) => e.reason === `technician ${gone} unavailable`)).toBe(true);
  });

  it('raises one reorder request per part when open orders would drain stock, and receiving it restocks', async () => {
    await seedPlant(h.ctx, { onHand: 3, orders: 2 });
    const planner = await h.auth('planner');
    const first = await h.app.inject({
      method: 'POST',
      url: '/api/v1/purchase-requests/reorder',
      headers: planner,
      payload: {},
    });
    expect(first.json()).toEqual({ raised: ['brg-6205'] });
    const second = await h.app.inject({
      method: 'POST',
      url: '/api/v1/purchase-requests/reorder',
      headers: planner,
      payload: {},
    });
    expect(second.json()).toEqual({ raised: [] });
    const list = await h.app.inject({ method: 'GET', url: '/api/v1/purchase-requests', headers: planner });
    const [req] = list.json().items;
    expect(req).toMatchObject({ partId: 'brg-6205', qty: 11, status: 'open', workOrderId: null });
    expect(req.reason).toContain('needed by open orders 2');
    const got = await h.app.inject({
      method: 'POST',
      url: `/api/v1/purchase-requests/${req.id}/receive`,
      headers: planner,
      payload: { warehouseId: 'wh-plant-1' },
    });
    expect(got.statusCode, got.body).toBe(200);
    const stock = await h.ctx.db.read((db) => db.select().from(h.ctx.db.t.stock));
    expect(stock[0]?.onHand).toBe(14);
    const twice = await h.app.inject({
      method: 'POST',
      url: `/api/v1/purchase-requests/${req.id}/receive`,
      headers: planner,
      payload: { warehouseId: 'wh-plant-1' },
    });
    expect(twice.statusCode).toBe(404);
  });

  it('runs the re-dispatch and reorder jobs from database state', async () => {
    await seedPlant(h.ctx, { onHand: 1, orders: 2 });
    const jobs = dispatchJobs(h.ctx, { timeLimitSec: 1 });
    const redispatch = jobs.find((j) => j.job.name === 're-dispatch')!.job;
    const reorder = jobs.find((j) => j.job.name === 'reorder-points')!.job;
    expect(await redispatch.run()).toMatchObject({ assigned: 1, solver: 'highs', solvedOn: 'worker' });
    expect(await redispatch.run()).toMatchObject({ assigned: 1 });
    const reserved = await h.ctx.db.read((db) => db.select().from(h.ctx.db.t.reservations));
    expect(reserved.filter((r) => r.status === 'reserved')).toHaveLength(1);
    expect(await reorder.run()).toEqual({ raised: ['brg-6205'] });
  });
});

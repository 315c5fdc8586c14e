// Dispatch runs started by events, through the HTTP app on real SQLite: approving an urgent order,
// a burst of approvals, a technician becoming unavailable or changing shifts.
import { eq, inArray } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventRunnerOf } from '../../src/services/dispatch/event-runner.js';
import { ingestAlert } from '../../src/services/ingest-alert.js';
import { alertFactory } from '../support/fixtures.js';
import { createHarness, type Harness } from '../support/harness.js';
import { HOUR, seedAndDispatch, seedPlant } from './seed.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => h.close());

const orders = () => h.ctx.db.read((db) => db.select().from(h.ctx.db.t.workOrders));
const runs = () => h.ctx.db.read((db) => db.select().from(h.ctx.db.t.dispatchRuns));
const idle = () => eventRunnerOf(h.ctx)!.idle();

async function setOrders(ids: string[], values: Record<string, unknown>) {
  const w = h.ctx.db.t.workOrders;
  await h.ctx.db.tx((tx) => tx.update(w).set(values).where(inArray(w.id, ids)));
}

const techBody = (home: { lat: number; lon: number }, extra: Record<string, unknown> = {}) => ({
  displayName: 'Tech',
  skills: { mechanical: 3 },
  home,
  shifts: [{ start: h.clock.now(), end: h.clock.now() + 10 * HOUR }],
  dailyCapacityMin: 600,
  vanWarehouseId: null,
  available: true,
  ...extra,
});

describe('dispatch runs on events', () => {
  it('approving a P1 order leads to an assignment without calling the dispatch route', async () => {
    const { orderIds } = await seedPlant(h.ctx, { onHand: 3, orders: 1 });
    const id = orderIds[0] as string;
    await setOrders([id], { status: 'proposed', priority: 1 });
    const planner = await h.auth('planner');
    const res = await h.app.inject({
      method: 'POST',
      url: `/api/v1/work-orders/${id}/transitions`,
      headers: planner,
      payload: { to: 'approved' },
    });
    expect(res.statusCode, res.body).toBe(200);
    // The request answered before any run: the order is still waiting.
    expect(eventRunnerOf(h.ctx)!.runs).toHaveLength(0);
    expect((await orders())[0]?.status).toBe('approved');
    await idle();
    const [order] = await orders();
    expect(order).toMatchObject({ status: 'scheduled' });
    expect(order?.assigneeId).toMatch(/^tech-/);
    const all = await runs();
    expect(all.map((r) => r.trigger)).toEqual(['urgent_order']);
    const held = await h.ctx.db.read((db) => db.select().from(h.ctx.db.t.reservations));
    expect(held.filter((r) => r.status === 'reserved')).toHaveLength(1);
  });

  it('a burst of ten P1 approvals gives one run that schedules all of them', async () => {
    const { orderIds } = await seedPlant(h.ctx, { onHand: 10, orders: 10 });
    await setOrders(orderIds, { status: 'proposed', priority: 1 });
    const planner = await h.auth('planner');
    const answers = await Promise.all(
      orderIds.map((id) =>
        h.app.inject({
          method: 'POST',
          url: `/api/v1/work-orders/${id}/transitions`,
          headers: planner,
          payload: { to: 'approved' },
        }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(orderIds.map(() => 200));
    await idle();
    expect(await runs()).toHaveLength(1);
    expect((await orders()).every((o) => o.status === 'scheduled')).toBe(true);
  });

  it('an urgent order auto-approved at ingest is dispatched on its own', async () => {
    await h.close();
    h = await createHarness({ config: { policy: { autoApprove: true } } });
    await seedPlant(h.ctx, { onHand: 3, orders: 0 });
    const admin = await h.auth('admin');
    const asset = await h.app.inject({
      method: 'PUT',
      url: '/api/v1/assets/pump-02',
      headers: admin,
      payload: { siteId: 'plant-1', name: 'Pump 2', type: 'centrifugal_pump', criticality: 5 },
    });
    expect(asset.statusCode, asset.body).toBe(200);
    const DAY = 24 * HOUR;
    const now = h.clock.now();
    const alert = alertFactory()({
      source: 'rul',
      severity: 'critical',
      failureMode: 'gearbox_wear',
      predictedFailureAt: { p10: now + 0.9 * DAY, p50: now + DAY, p90: now + 1.05 * DAY },
    });
    const r = await ingestAlert({ ctx: h.ctx, input: { alert } });
    const [created] = await orders();
    expect(created, JSON.stringify(r)).toMatchObject({ id: r.workOrderId, status: 'approved', priority: 1 });
    await idle();
    expect((await orders())[0]).toMatchObject({ status: 'scheduled' });
    expect((await runs()).map((x) => x.trigger)).toEqual(['urgent_order']);
  });

  it('approving a less urgent order starts no run', async () => {
    const { orderIds } = await seedPlant(h.ctx, { onHand: 3, orders: 1 });
    const id = orderIds[0] as string;
    await setOrders([id], { status: 'proposed', priority: 3 });
    const planner = await h.auth('planner');
    await h.app.inject({
      method: 'POST',
      url: `/api/v1/work-orders/${id}/transitions`,
      headers: planner,
      payload: { to: 'approved' },
    });
    await idle();
    expect(await runs()).toHaveLength(0);
    expect((await orders())[0]?.status).toBe('approved');
  });

  it('waits for the lease the re-dispatch job holds, then runs', async () => {
    const { orderIds } = await seedPlant(h.ctx, { onHand: 3, orders: 1 });
    const id = orderIds[0] as string;
    await setOrders([id], { status: 'proposed', priority: 1 });
    const l = h.ctx.db.t.leases;
    // Another instance's cron run holds the lease (the test clock stands still, so until it is freed).
    await h.ctx.db.tx((tx) =>
      tx
        .insert(l)
        .values({ name: 'job:re-dispatch', holder: 'cron-elsewhere', expiresAt: h.clock.now() + 1500 }),
    );
    const planner = await h.auth('planner');
    await h.app.inject({
      method: 'POST',
      url: `/api/v1/work-orders/${id}/transitions`,
      headers: planner,
      payload: { to: 'approved' },
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await runs()).toHaveLength(0);
    await h.ctx.db.tx((tx) => tx.update(l).set({ expiresAt: 0 }).where(eq(l.name, 'job:re-dispatch')));
    await idle();
    expect((await runs()).map((r) => r.trigger)).toEqual(['urgent_order']);
  }, 20_000);

  it('a technician made unavailable: their scheduled job moves, the started one stays, others stay unless the gain is large', async () => {
    const { orderIds } = await seedPlant(h.ctx, { onHand: 10, orders: 4 });
    const [mine, started, near, far] = orderIds as [string, string, string, string];
    const planner = await h.auth('planner');
    // tech-3 lives 200 km away (about 260 min of travel); tech-4 next to tech-2.
    for (const [id, home] of [
      ['tech-3', { lat: 50.65, lon: 2.3 }],
      ['tech-4', { lat: 48.9, lon: 2.3 }],
    ] as const) {
      const res = await h.app.inject({
        method: 'PUT',
        url: `/api/v1/technicians/${id}`,
        headers: planner,
        payload: techBody(home),
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    await setOrders([mine], { status: 'scheduled', assigneeId: 'tech-1' });
    await setOrders([started], { status: 'in_progress', assigneeId: 'tech-1' });
    await setOrders([near], { status: 'scheduled', assigneeId: 'tech-2' });
    await setOrders([far], { status: 'scheduled', assigneeId: 'tech-3' });
    const res = await h.app.inject({
      method: 'PUT',
      url: '/api/v1/technicians/tech-1',
      headers: planner,
      payload: techBody({ lat: 48.9, lon: 2.3 }, { available: false }),
    });
    expect(res.statusCode, res.body).toBe(200);
    await idle();
    const byId = new Map((await orders()).map((o) => [o.id, o]));
    expect(byId.get(mine)).toMatchObject({ status: 'scheduled' });
    expect(['tech-2', 'tech-4']).toContain(byId.get(mine)?.assigneeId);
    expect(byId.get(started)).toMatchObject({ status: 'in_progress', assigneeId: 'tech-1' });
    // Moving it to tech-4 would only even out the load (gain under the 120 penalty): it stays.
    expect(byId.get(near)).toMatchObject({ status: 'scheduled', assigneeId: 'tech-2' });
    // Moving it saves about 260 min of travel, more than the penalty: it moves.
    expect(['tech-2', 'tech-4']).toContain(byId.get(far)?.assigneeId);
    expect((await runs()).map((r) => r.trigger)).toEqual(['technician_unavailable']);
  });

  it('a shift change releases only the jobs whose planned slot no longer fits, and re-plans them', async () => {
    const { planner, run } = await seedAndDispatch(h, { onHand: 5, orders: 2 });
    const first = run.assignments[0]!;
    const later = [{ start: h.clock.now() + 2 * HOUR, end: h.clock.now() + 12 * HOUR }];
    const res = await h.app.inject({
      method: 'PUT',
      url: `/api/v1/technicians/${first.technicianId}`,
      headers: planner,
      payload: techBody({ lat: 48.9, lon: 2.3 }, { shifts: later }),
    });
    expect(res.statusCode, res.body).toBe(200);
    const events = await h.ctx.db.read((db) => db.select().from(h.ctx.db.t.workOrderEvents));
    expect(events.some((e) => e.reason === `technician ${first.technicianId} shift changed`)).toBe(true);
    await idle();
    const o = (await orders()).find((x) => x.id === first.workOrderId);
    expect(o?.status).toBe('scheduled');
    const [slot] = await h.ctx.db.read((db) =>
      db
        .select()
        .from(h.ctx.db.t.assignments)
        .where(eq(h.ctx.db.t.assignments.workOrderId, first.workOrderId)),
    );
    // Re-planned: by the other technician now, or by the same one inside the new shift.
    if (slot?.technicianId === first.technicianId)
      expect(slot.startAt).toBeGreaterThanOrEqual(later[0]!.start);
    expect((await runs()).map((r) => r.trigger)).toEqual(['manual', 'technician_unavailable']);
  });
});

// Test data for the dispatch services: a site, technicians, warehouses, stock and approved orders.
import { ManualClock } from '@pdm/shared';
import { loadCloudConfig } from '../../src/config.js';
import { createServiceContext } from '../../src/context-factory.js';
import type { Database } from '../../src/db/database.js';
import type { ServiceContext } from '../../src/services/context.js';
import { T0 } from '../support/fixtures.js';
import type { Harness } from '../support/harness.js';

export const HOUR = 3_600_000;
let counter = 0;

export function dispatchContext(db: Database): { ctx: ServiceContext; clock: ManualClock } {
  const clock = new ManualClock(T0);
  const config = loadCloudConfig({}, { databaseUrl: ':memory:', logLevel: 'silent' });
  return { ctx: createServiceContext({ db, clock, config }), clock };
}

/** A 26-character id that sorts by creation, for rows the tests insert directly. */
export function testId(): string {
  counter += 1;
  return `01J${String(counter).padStart(23, '0')}`;
}

export async function seedPlant(
  ctx: ServiceContext,
  options: { onHand: number; orders: number; partQty?: number },
) {
  const t = ctx.db.t;
  const now = ctx.clock.now();
  const orderIds: string[] = [];
  await ctx.db.tx(async (tx) => {
    await tx
      .insert(t.sites)
      .values({ id: 'plant-1', name: 'Plant 1', latitude: 48.85, longitude: 2.35, createdAt: now })
      .onConflictDoUpdate({ target: t.sites.id, set: { latitude: 48.85, longitude: 2.35 } });
    await tx.insert(t.jobPlans).values({
      id: 'jp-gearbox-dispatch',
      failureMode: 'gearbox_wear',
      title: 'Replace gearbox bearing',
      tasks: ['isolate', 'replace bearing'],
      skills: [{ skill: 'mechanical', level: 2 }],
      parts: [{ partId: 'brg-6205', quantity: options.partQty ?? 1 }],
      estimatedMinutes: 30,
      updatedAt: now,
      updatedBy: 'admin',
    });
    await tx.insert(t.parts).values({
      id: 'brg-6205',
      name: 'Bearing 6205',
      reorderPoint: 2,
      reorderQty: 10,
      leadTimeMs: 48 * HOUR,
      updatedAt: now,
    });
    await tx.insert(t.warehouses).values([
      {
        id: 'wh-plant-1',
        name: 'Plant 1 stores',
        siteId: 'plant-1',
        technicianId: null,
        lat: 48.851,
        lon: 2.351,
      },
      { id: 'van-tech-1', name: 'Van of tech-1', siteId: null, technicianId: 'tech-1', lat: 48.9, lon: 2.3 },
    ]);
    await tx.insert(t.stock).values({
      warehouseId: 'wh-plant-1',
      partId: 'brg-6205',
      onHand: options.onHand,
      reserved: 0,
      updatedAt: now,
    });
    for (const id of ['tech-1', 'tech-2']) {
      await tx.insert(t.technicians).values({
        id,
        displayName: id,
        skills: { mechanical: 3 },
        homeLat: 48.9,
        homeLon: 2.3,
        lat: null,
        lon: null,
        locationAt: null,
        shifts: [{ start: now, end: now + 10 * HOUR }],
        dailyCapacityMin: 600,
        vanWarehouseId: id === 'tech-1' ? 'van-tech-1' : null,
        available: true,
        updatedAt: now,
      });
    }
    for (let i = 0; i < options.orders; i++) {
      const id = testId();
      orderIds.push(id);
      await tx.insert(t.workOrders).values({
        id,
        siteId: 'plant-1',
        assetId: `pump-${i}`,
        failureMode: 'gearbox_wear',
        title: `Gearbox wear on pump-${i}`,
        status: 'approved',
        priority: 1 + (i % 5),
        severity: 'major',
        createdAt: now,
        updatedAt: now,
        dueAt: now + 24 * HOUR,
        predictedP10: now + 30 * HOUR,
        predictedP50: now + 40 * HOUR,
        predictedP90: now + 50 * HOUR,
        alertCount: 1,
        firstAlertAt: now - HOUR,
        lastAlertAt: now - HOUR,
        alertCleared: false,
        assigneeId: null,
        jobPlanId: 'jp-gearbox-dispatch',
        openKey: `pump-${i}/gearbox_wear`,
        revision: 1,
      });
    }
  });
  return { orderIds };
}

export interface DispatchRunBody {
  assignments: { workOrderId: string; technicianId: string; why: string }[];
  gap: number;
  solvedOn: string;
}

/** Seeds the plant, then a planner runs dispatch over HTTP (`POST /dispatch/runs`). */
export async function seedAndDispatch(h: Harness, seed: { onHand: number; orders: number }) {
  const { orderIds } = await seedPlant(h.ctx, seed);
  const planner = await h.auth('planner');
  const res = await h.app.inject({
    method: 'POST',
    url: '/api/v1/dispatch/runs',
    headers: planner,
    payload: {},
  });
  if (res.statusCode !== 200) throw new Error(`dispatch run answered ${res.statusCode}: ${res.body}`);
  return { orderIds, planner, run: res.json() as DispatchRunBody };
}

// One suite for the dispatch services, run on SQLite and on PostgreSQL with the real migrations.
import { AppError } from '@pdm/shared';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { applyAssignment } from '../../src/services/dispatch/apply.js';
import { runDispatch } from '../../src/services/dispatch/run-dispatch.js';
import { reserveStock } from '../../src/services/dispatch/stock.js';
import { highs } from './helpers.js';
import { dispatchContext, seedPlant, testId } from './seed.js';

const planner = { id: 'planner-1', role: 'planner' as const };

export function dispatchPersistenceContract(name: string, open: () => Promise<Database>) {
  describe(`dispatch persistence on ${name}`, () => {
    it('50 concurrent reservations for 5 parts: exactly 5 succeed and stock never goes negative', async () => {
      const db = await open();
      const { ctx } = dispatchContext(db);
      const { orderIds } = await seedPlant(ctx, { onHand: 5, orders: 50 });
      const attempts = orderIds.map((workOrderId) =>
        db.tx((tx) =>
          reserveStock(tx, db.t, {
            id: testId(),
            workOrderId,
            warehouseId: 'wh-plant-1',
            partId: 'brg-6205',
            qty: 1,
            now: ctx.clock.now(),
          }),
        ),
      );
      const settled = await Promise.allSettled(attempts);
      const ok = settled.filter((s) => s.status === 'fulfilled').length;
      const refused = settled.filter(
        (s) =>
          s.status === 'rejected' && s.reason instanceof AppError && s.reason.code === 'INSUFFICIENT_STOCK',
      );
      expect(ok).toBe(5);
      expect(refused).toHaveLength(45);
      const [row] = await db.read((r) => r.select().from(db.t.stock));
      expect(row?.onHand).toBe(5);
      expect(row?.reserved).toBe(5);
      const held = await db.read((r) => r.select().from(db.t.reservations));
      expect(held).toHaveLength(5);
      await db.close();
    });

    it('a failure between the stock decrement and the order update leaves both unchanged', async () => {
      const db = await open();
      const { ctx } = dispatchContext(db);
      const { orderIds } = await seedPlant(ctx, { onHand: 3, orders: 1 });
      const id = orderIds[0] as string;
      const assignment = {
        orderId: id,
        technicianId: 'tech-2',
        startAt: ctx.clock.now(),
        endAt: ctx.clock.now() + 3_600_000,
        travelMin: 5,
        latenessMin: 0,
        skills: [],
        load: { technicianLoadMin: 35, availableMin: 600, fairShareMin: 300 },
        parts: [
          { partId: 'brg-6205', qty: 2, warehouseId: 'wh-plant-1', kind: 'site' as const, transferMin: 0 },
        ],
        cost: 5,
        reassigned: false,
        summary: 'test',
      };
      const crash = () => Promise.reject(new Error('power cut'));
      await expect(
        applyAssignment(ctx, {
          actor: planner,
          runId: 'r1',
          assignment,
          hooks: { beforeOrderUpdate: crash },
        }),
      ).rejects.toThrow('power cut');
      const stock = await db.read((r) => r.select().from(db.t.stock));
      expect(stock[0]).toMatchObject({ onHand: 3, reserved: 0 });
      const [order] = await db.read((r) =>
        r.select().from(db.t.workOrders).where(eq(db.t.workOrders.id, id)),
      );
      expect(order).toMatchObject({ status: 'approved', assigneeId: null, revision: 1 });
      expect(await db.read((r) => r.select().from(db.t.reservations))).toEqual([]);
      await applyAssignment(ctx, { actor: planner, runId: 'r1', assignment });
      const after = await db.read((r) => r.select().from(db.t.stock));
      expect(after[0]).toMatchObject({ onHand: 3, reserved: 2 });
      await db.close();
    });

    it('a run assigns, reserves, raises purchase requests and records its figures', async () => {
      const db = await open();
      const { ctx } = dispatchContext(db);
      await seedPlant(ctx, { onHand: 2, orders: 3 });
      const result = await runDispatch({
        ctx,
        input: { actor: planner, trigger: 'manual', highs: await highs() },
      });
      expect(result.assignments).toHaveLength(2);
      expect(result.unassigned.length).toBe(1);
      const orders = await db.read((r) => r.select().from(db.t.workOrders));
      expect(orders.filter((o) => o.status === 'scheduled')).toHaveLength(2);
      const stock = await db.read((r) => r.select().from(db.t.stock));
      expect(stock[0]).toMatchObject({ onHand: 2, reserved: 2 });
      const runs = await db.read((r) => r.select().from(db.t.dispatchRuns));
      expect(runs[0]).toMatchObject({ assigned: 2, solver: 'highs' });
      expect(runs[0]?.bound).toBeLessThanOrEqual((runs[0]?.objective ?? 0) + 1e-6);
      const second = await runDispatch({
        ctx,
        input: { actor: planner, trigger: 'manual', highs: await highs() },
      });
      expect(second.purchaseRequests).toEqual([
        expect.objectContaining({ partId: 'brg-6205', qty: 1, late: true }),
      ]);
      const waiting = await db.read((r) =>
        r.select().from(db.t.workOrders).where(eq(db.t.workOrders.status, 'awaiting_parts')),
      );
      expect(waiting).toHaveLength(1);
      expect(await db.read((r) => r.select().from(db.t.purchaseRequests))).toHaveLength(1);
      await db.close();
    });
  });
}

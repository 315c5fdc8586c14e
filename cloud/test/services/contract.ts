// The behaviour every database must give: run on SQLite (sqlite.test.ts) and PostgreSQL
// (postgres.test.ts) with the same assertions.
import { DAY, HOUR, WorkOrderDetailSchema } from '@pdm/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CloudConfigInput } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { bindGatewaySite } from '../../src/services/gateway-site.js';
import { ingestAlert } from '../../src/services/ingest-alert.js';
import { recordGatewayStatus } from '../../src/services/record-gateway-status.js';
import { alertFactory, T0 } from '../support/fixtures.js';
import { createHarness, type Harness } from '../support/harness.js';

export type OpenDb = () => Promise<Database>;

export function workOrderContract(name: string, openDb: OpenDb): void {
  describe(`work-order services on ${name}`, () => {
    let h: Harness;
    const start = async (config?: Partial<CloudConfigInput>) => {
      h = await createHarness({ db: await openDb(), ...(config ? { config } : {}) });
      return h;
    };
    afterEach(async () => h?.close());

    describe('ingest and correlation', () => {
      beforeEach(async () => {
        await start();
      });

      it('stores an alert id once and replays the same result', async () => {
        const alert = alertFactory()();
        const first = await ingestAlert({ ctx: h.ctx, input: { alert } });
        const again = await ingestAlert({ ctx: h.ctx, input: { alert } });
        expect(first).toMatchObject({ outcome: 'created', duplicate: false, created: 1 });
        expect(again).toEqual({ ...first, duplicate: true, created: 0 });
        const rows = await h.db.read((db) => db.select().from(h.db.t.alerts));
        expect(rows).toHaveLength(1);
      });

      it('keeps one open order per asset and failure mode under concurrent alerts and replays', async () => {
        const next = alertFactory(7);
        const alerts = Array.from({ length: 20 }, () => next());
        const calls = alerts
          .flatMap((alert) => [alert, alert, alert])
          .map((alert) => ingestAlert({ ctx: h.ctx, input: { alert } }));
        const results = await Promise.all(calls);
        const orderIds = new Set(results.map((r) => r.workOrderId));
        expect(orderIds.size).toBe(1);
        expect(results.filter((r) => !r.duplicate)).toHaveLength(20);
        const orders = await h.db.read((db) => db.select().from(h.db.t.workOrders));
        expect(orders).toHaveLength(1);
        expect(orders[0]?.alertCount).toBe(20);
      });

      it('opens separate orders per failure mode and per asset', async () => {
        const next = alertFactory();
        const a = await ingestAlert({ ctx: h.ctx, input: { alert: next() } });
        const b = await ingestAlert({ ctx: h.ctx, input: { alert: next({ failureMode: 'imbalance' }) } });
        const c = await ingestAlert({ ctx: h.ctx, input: { alert: next({ assetId: 'pump-03' }) } });
        expect(new Set([a.workOrderId, b.workOrderId, c.workOrderId]).size).toBe(3);
      });

      it('refuses an alert naming a known asset under another site, and files nothing', async () => {
        const next = alertFactory(11);
        await ingestAlert({ ctx: h.ctx, input: { alert: next() } });
        const misplaced = ingestAlert({ ctx: h.ctx, input: { alert: next({ siteId: 'plant-9' }) } });
        await expect(misplaced).rejects.toMatchObject({
          code: 'VALIDATION_FAILED',
          details: { issues: [{ path: 'siteId', message: 'asset pump-02 belongs to site plant-1' }] },
        });
        const alerts = await h.db.read((db) => db.select().from(h.db.t.alerts));
        const orders = await h.db.read((db) => db.select().from(h.db.t.workOrders));
        expect([alerts.length, orders.length]).toEqual([1, 1]);
      });

      it('refuses alerts for other sites from a gateway bound to its site, until it is unbound', async () => {
        const next = alertFactory(12);
        await expect(
          bindGatewaySite({ ctx: h.ctx, input: { gatewayId: 'gw-1', siteId: 'plant-1' } }),
        ).rejects.toMatchObject({ code: 'NOT_FOUND' });
        await recordGatewayStatus({
          ctx: h.ctx,
          input: { status: { gatewayId: 'gw-1', state: 'online', ts: T0, counters: {} } },
        });
        await ingestAlert({ ctx: h.ctx, input: { alert: next() } }); // registers plant-1
        await expect(
          bindGatewaySite({ ctx: h.ctx, input: { gatewayId: 'gw-1', siteId: 'plant-9' } }),
        ).rejects.toMatchObject({
          code: 'VALIDATION_FAILED',
          details: { issues: [{ path: 'siteId', message: 'no site plant-9' }] },
        });
        const bound = await bindGatewaySite({ ctx: h.ctx, input: { gatewayId: 'gw-1', siteId: 'plant-1' } });
        expect(bound).toMatchObject({ id: 'gw-1', siteId: 'plant-1', state: 'online' });
        const elsewhere = next({ siteId: 'plant-9', assetId: 'press-4' });
        await expect(ingestAlert({ ctx: h.ctx, input: { alert: elsewhere } })).rejects.toMatchObject({
          code: 'VALIDATION_FAILED',
          details: { issues: [{ path: 'siteId', message: 'gateway gw-1 serves site plant-1' }] },
        });
        expect((await ingestAlert({ ctx: h.ctx, input: { alert: next() } })).outcome).toBe('joined');
        // A later status keeps the binding.
        await recordGatewayStatus({
          ctx: h.ctx,
          input: { status: { gatewayId: 'gw-1', state: 'degraded', ts: T0 + 1_000, counters: {} } },
        });
        await expect(ingestAlert({ ctx: h.ctx, input: { alert: elsewhere } })).rejects.toMatchObject({
          code: 'VALIDATION_FAILED',
        });
        const sites = await h.db.read((db) => db.select().from(h.db.t.sites));
        expect(sites.map((s) => s.id)).toEqual(['plant-1']);
        await bindGatewaySite({ ctx: h.ctx, input: { gatewayId: 'gw-1', siteId: null } });
        expect((await ingestAlert({ ctx: h.ctx, input: { alert: elsewhere } })).outcome).toBe('created');
      });

      it('raises severity and priority and pulls the due date in, never pushes it out', async () => {
        const next = alertFactory();
        const first = await ingestAlert({ ctx: h.ctx, input: { alert: next() } });
        const before = await detail(h, first.workOrderId!);
        const predictedFailureAt = { p10: T0 + 2 * DAY, p50: T0 + 3 * DAY, p90: T0 + 4 * DAY };
        await ingestAlert({
          ctx: h.ctx,
          input: { alert: next({ severity: 'critical', source: 'rul', predictedFailureAt }) },
        });
        const after = await detail(h, first.workOrderId!);
        expect(after.severity).toBe('critical');
        expect(after.priority).toBeLessThan(before.priority);
        expect(after.dueAt).toBe(predictedFailureAt.p10 - 24 * HOUR);
        expect(after.predictedFailureAt).toEqual(predictedFailureAt);
        await ingestAlert({ ctx: h.ctx, input: { alert: next({ severity: 'info' }) } });
        const later = await detail(h, first.workOrderId!);
        expect(later).toMatchObject({
          dueAt: after.dueAt,
          priority: after.priority,
          severity: 'critical',
          alertCount: 3,
        });
      });

      it('marks a proposal whose alert cleared, and unmarks it when the alert comes back', async () => {
        const next = alertFactory();
        const { workOrderId } = await ingestAlert({ ctx: h.ctx, input: { alert: next() } });
        await ingestAlert({ ctx: h.ctx, input: { alert: next({ state: 'cleared' }) } });
        expect((await detail(h, workOrderId!)).alertCleared).toBe(true);
        await ingestAlert({ ctx: h.ctx, input: { alert: next({ state: 'update' }) } });
        expect((await detail(h, workOrderId!)).alertCleared).toBe(false);
      });

      it('stores a cleared alert with no open order without creating one', async () => {
        const result = await ingestAlert({
          ctx: h.ctx,
          input: { alert: alertFactory()({ state: 'cleared' }) },
        });
        expect(result).toMatchObject({ outcome: 'ignored', workOrderId: null });
        expect(await h.db.read((db) => db.select().from(h.db.t.workOrders))).toHaveLength(0);
      });
    });

    describe('policies', () => {
      it('cancels a proposal whose alert cleared when auto-cancel is on; the next alert opens a new one', async () => {
        await start({ policy: { autoCancelOnClear: true } });
        const next = alertFactory();
        const first = await ingestAlert({ ctx: h.ctx, input: { alert: next() } });
        await ingestAlert({ ctx: h.ctx, input: { alert: next({ state: 'cleared' }) } });
        const cancelled = await detail(h, first.workOrderId!);
        expect(cancelled.status).toBe('cancelled');
        expect(cancelled.events.at(-1)).toMatchObject({ from: 'proposed', to: 'cancelled', actor: 'system' });
        const again = await ingestAlert({ ctx: h.ctx, input: { alert: next() } });
        expect(again.outcome).toBe('created');
        expect(again.workOrderId).not.toBe(first.workOrderId);
      });

      it('auto-approves a confident prediction on a critical asset only when the policy is on', async () => {
        const predictedFailureAt = { p10: T0 + 9 * DAY, p50: T0 + 10 * DAY, p90: T0 + 10.5 * DAY };
        for (const autoApprove of [false, true]) {
          await start({ policy: { autoApprove } });
          await setCriticality(h, 5);
          const r = await ingestAlert({
            ctx: h.ctx,
            input: { alert: alertFactory()({ source: 'rul', predictedFailureAt }) },
          });
          const wo = await detail(h, r.workOrderId!);
          expect(wo.status).toBe(autoApprove ? 'approved' : 'proposed');
          if (autoApprove) expect(wo.events.map((e) => e.to)).toEqual(['proposed', 'approved']);
          await h.close();
        }
        h = await createHarness({ db: await openDb() });
      });
    });

    describe('lifecycle over HTTP', () => {
      beforeEach(async () => {
        await start();
      });

      it('walks the lifecycle and records who, when, from, to and why', async () => {
        const id = await proposal(h);
        const planner = await h.auth('planner');
        for (const to of ['approved', 'scheduled', 'in_progress', 'completed', 'closed'] as const) {
          const res = await h.app.inject({
            method: 'POST',
            url: `/api/v1/work-orders/${id}/transitions`,
            headers: planner,
            payload: { to, reason: `to ${to}` },
          });
          expect(res.statusCode, res.body).toBe(200);
          h.clock.advance(60_000);
        }
        const wo = await detail(h, id);
        expect(wo.events.map((e) => [e.from, e.to, e.actor])).toEqual([
          [null, 'proposed', 'system'],
          ['proposed', 'approved', 'planner-1'],
          ['approved', 'scheduled', 'planner-1'],
          ['scheduled', 'in_progress', 'planner-1'],
          ['in_progress', 'completed', 'planner-1'],
          ['completed', 'closed', 'planner-1'],
        ]);
        expect(wo.events[1]).toMatchObject({ reason: 'to approved', at: T0 });
      });

      it('answers an illegal transition with 409 and the allowed ones', async () => {
        const id = await proposal(h);
        const res = await h.app.inject({
          method: 'POST',
          url: `/api/v1/work-orders/${id}/transitions`,
          headers: await h.auth('planner'),
          payload: { to: 'completed' },
        });
        expect(res.statusCode).toBe(409);
        expect(res.json().error).toMatchObject({
          code: 'ILLEGAL_TRANSITION',
          details: { from: 'proposed', to: 'completed', allowed: ['approved', 'rejected', 'cancelled'] },
        });
      });

      it('lets exactly one of 50 concurrent approvals win', async () => {
        const id = await proposal(h);
        const headers = await h.auth('planner');
        const responses = await Promise.all(
          Array.from({ length: 50 }, () =>
            h.app.inject({
              method: 'POST',
              url: `/api/v1/work-orders/${id}/transitions`,
              headers,
              payload: { to: 'approved' },
            }),
          ),
        );
        const codes = responses.map((r) => r.statusCode);
        expect(codes.filter((c) => c === 200)).toHaveLength(1);
        expect(codes.filter((c) => c === 409)).toHaveLength(49);
        const wo = await detail(h, id);
        expect(wo.events.filter((e) => e.to === 'approved')).toHaveLength(1);
      });

      it('starts a new order after the open one was closed out', async () => {
        const next = alertFactory();
        const first = await ingestAlert({ ctx: h.ctx, input: { alert: next() } });
        const planner = await h.auth('planner');
        await h.app.inject({
          method: 'POST',
          url: `/api/v1/work-orders/${first.workOrderId}/transitions`,
          headers: planner,
          payload: { to: 'rejected' },
        });
        const second = await ingestAlert({ ctx: h.ctx, input: { alert: next() } });
        expect(second).toMatchObject({ outcome: 'created' });
        expect(second.workOrderId).not.toBe(first.workOrderId);
      });
    });
  });
}

let proposals = 0;

/** A fresh proposal on an asset of its own. */
export async function proposal(h: Harness): Promise<string> {
  proposals += 1;
  const alert = alertFactory(1_000 + proposals)({ assetId: `pump-p${proposals}` });
  const r = await ingestAlert({ ctx: h.ctx, input: { alert } });
  return r.workOrderId!;
}

export async function detail(h: Harness, id: string) {
  const res = await h.app.inject({
    method: 'GET',
    url: `/api/v1/work-orders/${id}`,
    headers: await h.auth('admin'),
  });
  if (res.statusCode !== 200) throw new Error(res.body);
  return WorkOrderDetailSchema.parse(res.json());
}

async function setCriticality(h: Harness, criticality: number): Promise<void> {
  const admin = await h.auth('admin');
  await h.app.inject({
    method: 'PUT',
    url: '/api/v1/sites/plant-1',
    headers: admin,
    payload: { name: 'Plant 1' },
  });
  const res = await h.app.inject({
    method: 'PUT',
    url: '/api/v1/assets/pump-02',
    headers: admin,
    payload: { siteId: 'plant-1', name: 'Pump 2', type: 'centrifugal_pump', criticality },
  });
  if (res.statusCode !== 200) throw new Error(res.body);
}

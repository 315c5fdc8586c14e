import { WorkOrderDetailSchema, WorkOrderPageSchema } from '@pdm/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordGatewayStatus } from '../../src/services/record-gateway-status.js';
import { alertFactory } from '../support/fixtures.js';
import { createHarness, type Harness } from '../support/harness.js';

describe('alert to work order over HTTP', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => h.close());

  it("answers an alert for another site than its gateway's with the field and the reason", async () => {
    const next = alertFactory(31);
    const gateway = await h.auth('gateway');
    const post = (payload: object) =>
      h.app.inject({ method: 'POST', url: '/api/v1/alerts', headers: gateway, payload });
    await recordGatewayStatus({
      ctx: h.ctx,
      input: { status: { gatewayId: 'gw-1', state: 'online', ts: h.clock.now(), counters: {} } },
    });
    expect((await post(next())).statusCode).toBe(200);
    const bind = async (siteId: unknown, who: 'admin' | 'planner' = 'admin') =>
      await h.app.inject({
        method: 'PUT',
        url: '/api/v1/gateways/gw-1/site',
        headers: await h.auth(who),
        payload: { siteId },
      });
    expect((await bind('plant-1', 'planner')).statusCode).toBe(403);
    expect((await bind(42)).statusCode).toBe(400);
    const bound = await bind('plant-1');
    expect(bound.statusCode, bound.body).toBe(200);
    expect(bound.json()).toMatchObject({ id: 'gw-1', siteId: 'plant-1' });
    const refused = await post(next({ siteId: 'plant-2', assetId: 'fan-1' }));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [{ path: 'siteId', message: 'gateway gw-1 serves site plant-1' }] },
    });
    const list = await h.app.inject({
      method: 'GET',
      url: '/api/v1/gateways',
      headers: await h.auth('planner'),
    });
    expect(list.json().items[0]).toMatchObject({ id: 'gw-1', siteId: 'plant-1' });
  });

  it('creates one proposed work order per asset and failure mode, carrying the evidence', async () => {
    const next = alertFactory();
    const gateway = await h.auth('gateway');
    const first = next();
    const second = next({ severity: 'major', evidence: { vib_rms: [[first.observedAt + 5_000, 9.1]] } });
    const r1 = await h.app.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      headers: gateway,
      payload: first,
    });
    const r2 = await h.app.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      headers: gateway,
      payload: second,
    });
    expect(r1.statusCode, r1.body).toBe(200);
    expect(r1.json()).toMatchObject({ outcome: 'created', duplicate: false });
    expect(r2.json()).toMatchObject({ outcome: 'joined', workOrderId: r1.json().workOrderId });

    const planner = await h.auth('planner');
    const list = await h.app.inject({ method: 'GET', url: '/api/v1/work-orders', headers: planner });
    expect(list.statusCode, list.body).toBe(200);
    const page = WorkOrderPageSchema.parse(list.json());
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      status: 'proposed',
      assetId: 'pump-02',
      failureMode: 'bearing_wear',
      alertCount: 2,
      severity: 'major',
    });

    const detail = await h.app.inject({
      method: 'GET',
      url: `/api/v1/work-orders/${page.items[0]?.id}`,
      headers: planner,
    });
    const wo = WorkOrderDetailSchema.parse(detail.json());
    expect(wo.alerts.map((a) => a.id)).toEqual([first.id, second.id]);
    expect(wo.evidence.vib_rms).toHaveLength(3);
    expect(wo.events).toMatchObject([{ from: null, to: 'proposed', actor: 'system' }]);
    expect(wo.jobPlanId).toBe('jp-bearing_wear');
  });

  it('answers a replay with the same work order', async () => {
    const alert = alertFactory()();
    const gateway = await h.auth('gateway');
    const r1 = await h.app.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      headers: gateway,
      payload: alert,
    });
    const r2 = await h.app.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      headers: gateway,
      payload: alert,
    });
    expect(r2.json()).toEqual({ ...r1.json(), duplicate: true });
    expect(h.counters).toMatchObject({ alertsReceived: 2, alertsDuplicate: 1, workOrders: 1 });
  });
});

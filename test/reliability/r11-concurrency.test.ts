// R11: 50 concurrent approvals of one proposal against the cloud process: exactly one wins, the
// rest get 409 with a message, no 5xx, one `approved` event in the history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAlert } from '../src/chaos/alerts.js';
import { type Cluster, startCluster } from '../src/chaos/cluster.js';
import { CloudApi } from '../src/chaos/probes.js';
import { FULL, Report } from '../src/chaos/report.js';

const CONCURRENT = 50;
const ORDERS = FULL ? 10 : 2;
const report = new Report('R11 concurrent decisions');

describe('R11: concurrent approvals', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ startEdge: false });
  }, 120_000);
  afterAll(async () => {
    report.print();
    await cluster?.stop();
  });

  it(`${CONCURRENT} approvals at once: one 200, the rest 409`, async () => {
    const admin = new CloudApi(cluster.cloudUrl);
    await admin.login('admin', cluster.adminPassword);
    const planners: CloudApi[] = [];
    for (let i = 0; i < 5; i++) {
      const id = `planner-${i}`;
      expect(
        (await admin.call('POST', '/users', { body: { id, password: `${id}-pass-1`, role: 'planner' } }))
          .status,
      ).toBe(201);
      const p = new CloudApi(cluster.cloudUrl);
      await p.login(id, `${id}-pass-1`);
      planners.push(p);
    }
    const gateway = new CloudApi(cluster.cloudUrl, cluster.gatewayKey);
    for (let o = 0; o < ORDERS; o++) {
      const res = await gateway.call('POST', '/alerts', { body: makeAlert(`race-${o}`) });
      const id = (res.body as { workOrderId: string }).workOrderId;
      const answers = await Promise.all(
        Array.from({ length: CONCURRENT }, (_, i) =>
          (planners[i % planners.length] as CloudApi).call('POST', `/work-orders/${id}/transitions`, {
            body: { to: i % 2 === 0 ? 'approved' : 'rejected', reason: `decision ${i}` },
          }),
        ),
      );
      const codes = new Map<number, number>();
      for (const a of answers) codes.set(a.status, (codes.get(a.status) ?? 0) + 1);
      const withMessage = answers.filter(
        (a) => a.status === 409 && (a.body as { error?: { message?: string } }).error?.message,
      ).length;
      const detail = await admin.workOrder(id);
      const decisions = detail.events.filter((e) => e.to === 'approved' || e.to === 'rejected').length;
      report.add(`order ${o}`, {
        requests: CONCURRENT,
        ok: codes.get(200) ?? 0,
        conflicts: codes.get(409) ?? 0,
        conflictsWithMessage: withMessage,
        errors5xx: [...codes].filter(([k]) => k >= 500).reduce((a, [, v]) => a + v, 0),
        decisionEvents: decisions,
        finalStatus: detail.status,
      });
      expect(codes.get(200)).toBe(1);
      expect(codes.get(409)).toBe(CONCURRENT - 1);
      expect(withMessage).toBe(CONCURRENT - 1);
      expect(decisions).toBe(1);
    }
  }, 120_000);
});

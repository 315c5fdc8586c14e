// R18: two cloud instances share one database and run the SLA escalation job; one of them is frozen
// for 5 s (its event loop stands still, its run comes late). Every overdue proposal is escalated
// exactly once: one audit row, priority raised by one step.
import { afterAll, describe, expect, it } from 'vitest';
import { makeAlert } from '../src/chaos/alerts.js';
import { type Cluster, startCluster } from '../src/chaos/cluster.js';
import { freePort, until } from '../src/chaos/ports.js';
import { CloudApi } from '../src/chaos/probes.js';
import { FULL, Report } from '../src/chaos/report.js';

const ORDERS = 20;
const report = new Report('R18 jobs under a blocked event loop');

describe.runIf(FULL)('R18: escalation job on two instances, one frozen 5 s', () => {
  let cluster: Cluster | undefined;
  afterAll(async () => {
    report.print();
    await cluster?.stop();
  });

  it('escalates each overdue proposal once', async () => {
    // SLA of about a second, so every proposal is overdue at the next run (every minute).
    cluster = await startCluster({ startEdge: false, cloudEnv: { PDM_CLOUD_PROPOSAL_SLA_HOURS: '0.0003' } });
    const c = cluster;
    const second = await c.startCloud({ port: await freePort(), name: 'cloud-2' });
    const gateway = new CloudApi(c.cloudUrl, c.gatewayKey);
    const admin = new CloudApi(c.cloudUrl);
    await admin.login('admin', c.adminPassword);
    const before = new Map<string, number>();
    for (let i = 0; i < ORDERS; i++) {
      const res = await gateway.call('POST', '/alerts', { body: makeAlert(`sla-${i}`) });
      const id = (res.body as { workOrderId: string }).workOrderId;
      before.set(id, (await admin.workOrder(id)).priority);
    }
    // Freeze the second instance across the next minute boundary (when the job runs).
    const toBoundary = 60_000 - (Date.now() % 60_000);
    await new Promise((r) => setTimeout(r, Math.max(0, toBoundary - 2_000)));
    second.signal('SIGSTOP');
    await new Promise((r) => setTimeout(r, 5_000));
    second.signal('SIGCONT');
    const escalations = async () => {
      const res = await admin.call('GET', '/audit-log?limit=200');
      const items = (res.body as { items: { action: string; target: string }[] }).items;
      return items.filter((r) => r.action === 'work-order.escalated');
    };
    await until(
      'every proposal escalated',
      async () => new Set((await escalations()).map((r) => r.target)).size >= ORDERS,
      150_000,
    );
    // One more run of the job on both instances: it must find nothing left to do.
    await new Promise((r) => setTimeout(r, 60_000 - (Date.now() % 60_000) + 5_000));
    const rows = await escalations();
    const perOrder = new Map<string, number>();
    for (const r of rows) perOrder.set(r.target, (perOrder.get(r.target) ?? 0) + 1);
    let wrongPriority = 0;
    for (const [id, p] of before)
      if ((await admin.workOrder(id)).priority !== Math.max(1, p - 1)) wrongPriority++;
    const duplicates = [...perOrder.values()].filter((n) => n > 1).length;
    report.add(`${ORDERS} proposals, 2 instances`, {
      escalated: perOrder.size,
      duplicateEscalations: duplicates,
      wrongPriority,
      bothUp: c.cloud.running && second.running,
    });
    expect(perOrder.size).toBe(ORDERS);
    expect(duplicates).toBe(0);
    expect(wrongPriority).toBe(0);
  }, 240_000);
});

// R9: API abuse against the cloud process: extra fields, 2 MB bodies, wrong content types,
// prototype poisoning, huge limits. Each gets its 4xx with the field named and no internals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAlert } from '../src/chaos/alerts.js';
import { ABUSE_CASES, leaksInternals } from '../src/chaos/api-abuse.js';
import { type Cluster, startCluster } from '../src/chaos/cluster.js';
import { CloudApi } from '../src/chaos/probes.js';
import { Report } from '../src/chaos/report.js';

const report = new Report('R9 API abuse');

describe('R9: API abuse gets clear 4xx answers', () => {
  let cluster: Cluster;
  let admin: CloudApi;
  let gateway: CloudApi;
  let orderId: string;

  beforeAll(async () => {
    cluster = await startCluster({ startEdge: false });
    admin = new CloudApi(cluster.cloudUrl);
    await admin.login('admin', cluster.adminPassword);
    gateway = new CloudApi(cluster.cloudUrl, cluster.gatewayKey);
    const res = await gateway.call('POST', '/alerts', { body: makeAlert('abuse-target') });
    expect(res.status, res.text).toBe(200);
    orderId = (res.body as { workOrderId: string }).workOrderId;
  }, 120_000);
  afterAll(async () => {
    report.print();
    await cluster?.stop();
  });

  it.each(ABUSE_CASES)('$name -> $status', async (c) => {
    const client = c.as === 'admin' ? admin : c.as === 'gateway' ? gateway : new CloudApi(cluster.cloudUrl);
    const res = await client.call(c.method, c.path.replace('{order}', orderId), {
      ...(c.body !== undefined ? { body: c.body } : {}),
      ...(c.raw !== undefined ? { raw: c.raw } : {}),
      headers: { 'content-type': c.contentType ?? 'application/json' },
      auth: c.as !== 'public',
    });
    report.add(c.name, { expected: c.status, got: res.status });
    expect(res.status, res.text.slice(0, 300)).toBe(c.status);
    const error = (res.body as { error?: { code?: string; message?: string } }).error;
    expect(error?.code, res.text.slice(0, 300)).toBeTypeOf('string');
    expect(error?.message).toBeTypeOf('string');
    if (c.mentions) expect(res.text).toContain(c.mentions);
    expect(leaksInternals(res.text), res.text.slice(0, 500)).toBe(false);
  });

  it('the work order is unchanged and the cloud still serves', async () => {
    const order = await admin.workOrder(orderId);
    expect(order.status).toBe('proposed');
    expect(order.title).not.toBe('ok');
    expect(cluster.cloud.running).toBe(true);
  });
});

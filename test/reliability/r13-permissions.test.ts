// R13: who may do what, against the cloud process. A technician closing another's job, calling
// planner routes, or editing status/assignee; gateways and bad tokens on people's routes. Every
// denial is a 401/403 with a message, changes nothing, and is written to the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAlert } from '../src/chaos/alerts.js';
import { type Cluster, startCluster } from '../src/chaos/cluster.js';
import { CloudApi } from '../src/chaos/probes.js';
import { Report } from '../src/chaos/report.js';

const report = new Report('R13 permission matrix');
type Who = 'tech1' | 'tech2' | 'planner' | 'gateway' | 'none' | 'garbage' | 'empty';
interface Attempt {
  who: Who;
  method: string;
  path: string;
  body?: unknown;
  status: 401 | 403 | 404;
}

const JOB_PLAN = { failureMode: 'overheat', title: 't', tasks: [], skills: [], parts: [], minutes: 30 };
const ATTEMPTS: Attempt[] = [
  {
    who: 'tech2',
    method: 'POST',
    path: '/work-orders/{mine1}/transitions',
    body: { to: 'in_progress' },
    status: 403,
  },
  { who: 'tech2', method: 'GET', path: '/work-orders/{mine1}', status: 403 },
  { who: 'tech1', method: 'PATCH', path: '/work-orders/{mine1}', body: { assigneeId: 'tech2' }, status: 403 },
  { who: 'tech1', method: 'PATCH', path: '/work-orders/{mine1}', body: { priority: 1 }, status: 403 },
  { who: 'tech1', method: 'PATCH', path: '/work-orders/{mine1}', body: { status: 'closed' }, status: 403 },
  {
    who: 'tech1',
    method: 'POST',
    path: '/work-orders/{mine1}/transitions',
    body: { to: 'closed' },
    status: 403,
  },
  {
    who: 'tech1',
    method: 'POST',
    path: '/work-orders/{other}/transitions',
    body: { to: 'approved' },
    status: 403,
  },
  { who: 'tech1', method: 'GET', path: '/assets', status: 403 },
  { who: 'tech1', method: 'GET', path: '/gateways', status: 403 },
  { who: 'tech1', method: 'PUT', path: '/job-plans/jp-x', body: JOB_PLAN, status: 403 },
  {
    who: 'tech1',
    method: 'PUT',
    path: '/sites/site-x',
    body: { name: 'x', latitude: 0, longitude: 0 },
    status: 403,
  },
  {
    who: 'tech1',
    method: 'POST',
    path: '/users',
    body: { id: 'evil', password: 'password-123', role: 'admin' },
    status: 403,
  },
  { who: 'tech1', method: 'GET', path: '/audit-log', status: 403 },
  {
    who: 'planner',
    method: 'POST',
    path: '/users',
    body: { id: 'evil2', password: 'password-123', role: 'admin' },
    status: 403,
  },
  { who: 'planner', method: 'GET', path: '/audit-log', status: 403 },
  { who: 'planner', method: 'GET', path: '/dead-letters', status: 403 },
  { who: 'planner', method: 'POST', path: '/alerts', body: makeAlert('planner-asset'), status: 403 },
  { who: 'gateway', method: 'GET', path: '/work-orders', status: 403 },
  {
    who: 'gateway',
    method: 'POST',
    path: '/work-orders/{other}/transitions',
    body: { to: 'approved' },
    status: 403,
  },
  {
    who: 'gateway',
    method: 'POST',
    path: '/alerts',
    body: makeAlert('spoof', { gatewayId: 'gw-other' }),
    status: 403,
  },
  { who: 'none', method: 'GET', path: '/work-orders', status: 401 },
  { who: 'none', method: 'POST', path: '/alerts', body: makeAlert('anon'), status: 401 },
  { who: 'garbage', method: 'GET', path: '/work-orders', status: 401 },
  { who: 'garbage', method: 'PATCH', path: '/work-orders/{other}', body: { priority: 1 }, status: 401 },
  { who: 'empty', method: 'GET', path: '/work-orders/{other}', status: 401 },
];

describe('R13: roles and object-level checks', () => {
  let cluster: Cluster;
  const clients = {} as Record<Who, CloudApi>;
  let admin: CloudApi;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    cluster = await startCluster({ startEdge: false });
    const base = cluster.cloudUrl;
    admin = new CloudApi(base);
    await admin.login('admin', cluster.adminPassword);
    for (const [id, role] of [
      ['tech1', 'technician'],
      ['tech2', 'technician'],
      ['planner', 'planner'],
    ]) {
      const res = await admin.call('POST', '/users', { body: { id, password: `${id}-password-1`, role } });
      expect(res.status, res.text).toBe(201);
      clients[id as Who] = new CloudApi(base);
      await clients[id as Who].login(id as string, `${id}-password-1`);
    }
    clients.gateway = new CloudApi(base, cluster.gatewayKey);
    clients.none = new CloudApi(base);
    clients.garbage = new CloudApi(base, 'not-a-real-token-0123456789abcdef');
    clients.empty = new CloudApi(base, ' ');
    for (const name of ['mine1', 'other']) {
      const res = await clients.gateway.call('POST', '/alerts', { body: makeAlert(`asset-${name}`) });
      ids[name] = (res.body as { workOrderId: string }).workOrderId;
    }
    const planner = clients.planner;
    expect(
      (await planner.call('PATCH', `/work-orders/${ids.mine1}`, { body: { assigneeId: 'tech1' } })).status,
    ).toBe(200);
    for (const to of ['approved', 'scheduled'])
      expect(
        (await planner.call('POST', `/work-orders/${ids.mine1}/transitions`, { body: { to } })).status,
      ).toBe(200);
  }, 120_000);
  afterAll(async () => {
    report.print();
    await cluster?.stop();
  });

  it('denies every attempt with 401/403 and a message, changes nothing, audits each', async () => {
    const snapshot = async () =>
      Promise.all([ids.mine1, ids.other].map((id) => admin.workOrder(id as string)));
    const before = await snapshot();
    const auditBefore = await auditIds(admin);
    const wrong: string[] = [];
    for (const a of ATTEMPTS) {
      const path = a.path.replace('{mine1}', ids.mine1 ?? '').replace('{other}', ids.other ?? '');
      const res = await clients[a.who].call(a.method, path, a.body === undefined ? {} : { body: a.body });
      const message = (res.body as { error?: { message?: string } }).error?.message;
      report.add(`${a.who} ${a.method} ${a.path}`, {
        expected: a.status,
        got: res.status,
        message: Boolean(message),
      });
      if (res.status !== a.status || !message)
        wrong.push(`${a.who} ${a.method} ${path}: ${res.status} ${res.text.slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
    const after = await snapshot();
    expect(after.map(stateOf)).toEqual(before.map(stateOf));
    const audited = (await auditIds(admin)).filter((id) => !auditBefore.includes(id)).length;
    report.add('audit rows added', { expected: ATTEMPTS.length, got: audited, message: true });
    expect(audited).toBeGreaterThanOrEqual(ATTEMPTS.length);
  }, 60_000);

  it('lets the assigned technician do their own work', async () => {
    const res = await clients.tech1.call('POST', `/work-orders/${ids.mine1}/transitions`, {
      body: { to: 'in_progress' },
    });
    expect(res.status, res.text).toBe(200);
    const mine = await clients.tech1.workOrders();
    expect(mine.map((o) => o.id)).toEqual([ids.mine1]);
  });
});

function stateOf(o: {
  status: string;
  assigneeId: string | null;
  priority: number;
  events: unknown[];
  title: string;
}) {
  return {
    status: o.status,
    assigneeId: o.assigneeId,
    priority: o.priority,
    events: o.events.length,
    title: o.title,
  };
}

async function auditIds(admin: CloudApi): Promise<unknown[]> {
  const res = await admin.call('GET', '/audit-log?limit=200');
  return (res.body as { items: { id: unknown }[] }).items.map((i) => i.id);
}

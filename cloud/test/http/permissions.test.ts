// Role x route matrix: every route answers 401 without credentials, 403 for roles it does not
// list (audited), and lets listed roles through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/services/context.js';
import { proposal } from '../services/contract.js';
import { alertFactory } from '../support/fixtures.js';
import { createHarness, type Harness } from '../support/harness.js';

type Caller = Role | 'anonymous';
const CALLERS: Caller[] = ['admin', 'planner', 'technician', 'gateway', 'anonymous'];

interface RouteCase {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** The route pattern; `:id` is replaced by a fresh work order's id. */
  path: string;
  body?: () => unknown;
  allowed: Role[];
}

const jobPlan = {
  failureMode: 'belt_wear',
  title: 'Replace belt',
  tasks: ['Replace belt'],
  skills: [],
  parts: [],
  estimatedMinutes: 30,
};
const ROUTES: RouteCase[] = [
  { method: 'GET', path: '/api/v1/work-orders', allowed: ['admin', 'planner', 'technician'] },
  { method: 'GET', path: '/api/v1/work-orders/:id', allowed: ['admin', 'planner'] },
  {
    method: 'PATCH',
    path: '/api/v1/work-orders/:id',
    body: () => ({ priority: 2 }),
    allowed: ['admin', 'planner'],
  },
  {
    method: 'POST',
    path: '/api/v1/work-orders/:id/transitions',
    body: () => ({ to: 'cancelled' }),
    allowed: ['admin', 'planner'],
  },
  { method: 'POST', path: '/api/v1/alerts', body: () => alertFactory(55)(), allowed: ['gateway'] },
  { method: 'GET', path: '/api/v1/job-plans', allowed: ['admin', 'planner', 'technician'] },
  {
    method: 'PUT',
    path: '/api/v1/job-plans/:id',
    body: () => ({ ...jobPlan, failureMode: `belt_${Math.random().toString(36).slice(2, 8)}` }),
    allowed: ['admin', 'planner'],
  },
  { method: 'GET', path: '/api/v1/assets', allowed: ['admin', 'planner'] },
  { method: 'PUT', path: '/api/v1/sites/:id', body: () => ({ name: 'Plant 9' }), allowed: ['admin'] },
  { method: 'GET', path: '/api/v1/gateways', allowed: ['admin', 'planner'] },
  {
    method: 'POST',
    path: '/api/v1/users',
    body: () => ({
      id: `u-${Math.random().toString(36).slice(2, 8)}`,
      password: 'password-123',
      role: 'planner',
    }),
    allowed: ['admin'],
  },
  { method: 'GET', path: '/api/v1/audit-log', allowed: ['admin'] },
  { method: 'GET', path: '/api/v1/dead-letters', allowed: ['admin'] },
];

describe('role x route permission matrix', () => {
  let h: Harness;
  let headers: Record<Caller, Record<string, string>>;
  beforeAll(async () => {
    h = await createHarness();
    headers = { anonymous: {} } as Record<Caller, Record<string, string>>;
    for (const role of ['admin', 'planner', 'technician', 'gateway'] as const)
      headers[role] = await h.auth(role);
  });
  afterAll(async () => h.close());

  for (const route of ROUTES) {
    for (const caller of CALLERS) {
      const allowed = caller !== 'anonymous' && route.allowed.includes(caller);
      it(`${route.method} ${route.path} as ${caller} -> ${allowed ? 'allowed' : caller === 'anonymous' ? '401' : '403'}`, async () => {
        const id = await proposal(h);
        const res = await h.app.inject({
          method: route.method,
          url: route.path.replace(':id', id),
          headers: headers[caller],
          ...(route.body ? { payload: route.body() as object } : {}),
        });
        if (allowed) {
          expect(res.statusCode, res.body).toBeLessThan(300);
          return;
        }
        expect(res.statusCode).toBe(caller === 'anonymous' ? 401 : 403);
        expect(res.json().error.code).toBe(caller === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
        expect(res.body).not.toMatch(/at .*\.ts:\d+/);
        const audit = await h.db.read((db) => db.select().from(h.db.t.auditLog));
        expect(
          audit.some((a) => a.outcome === 'denied' && a.action === `${route.method} ${route.path}`),
        ).toBe(true);
      });
    }
  }
});

describe('object-level checks for technicians', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h.close());

  it('lets a technician read and move only their own job', async () => {
    const id = await proposal(h);
    const planner = await h.auth('planner');
    const mine = await h.auth('technician', 'tech-a');
    const theirs = await h.auth('technician', 'tech-b');
    await h.app.inject({
      method: 'PATCH',
      url: `/api/v1/work-orders/${id}`,
      headers: planner,
      payload: { assigneeId: 'tech-a' },
    });
    for (const to of ['approved', 'scheduled']) {
      await h.app.inject({
        method: 'POST',
        url: `/api/v1/work-orders/${id}/transitions`,
        headers: planner,
        payload: { to },
      });
    }
    expect(
      (await h.app.inject({ method: 'GET', url: `/api/v1/work-orders/${id}`, headers: mine })).statusCode,
    ).toBe(200);
    const peek = await h.app.inject({ method: 'GET', url: `/api/v1/work-orders/${id}`, headers: theirs });
    expect(peek.statusCode).toBe(403);
    const steal = await h.app.inject({
      method: 'POST',
      url: `/api/v1/work-orders/${id}/transitions`,
      headers: theirs,
      payload: { to: 'in_progress' },
    });
    expect(steal.statusCode).toBe(403);
    const reassign = await h.app.inject({
      method: 'PATCH',
      url: `/api/v1/work-orders/${id}`,
      headers: mine,
      payload: { assigneeId: 'tech-b' },
    });
    expect(reassign.statusCode).toBe(403);
    const cancel = await h.app.inject({
      method: 'POST',
      url: `/api/v1/work-orders/${id}/transitions`,
      headers: mine,
      payload: { to: 'cancelled' },
    });
    expect(cancel.statusCode).toBe(403);
    const start = await h.app.inject({
      method: 'POST',
      url: `/api/v1/work-orders/${id}/transitions`,
      headers: mine,
      payload: { to: 'in_progress' },
    });
    expect(start.statusCode, start.body).toBe(200);
    const listA = await h.app.inject({ method: 'GET', url: '/api/v1/work-orders', headers: mine });
    const listB = await h.app.inject({ method: 'GET', url: '/api/v1/work-orders', headers: theirs });
    expect(listA.json().items.map((w: { id: string }) => w.id)).toEqual([id]);
    expect(listB.json().items).toEqual([]);
    const denials = await h.db.read((db) => db.select().from(h.db.t.auditLog));
    expect(denials.filter((a) => a.actor === 'tech-b' && a.outcome === 'denied')).toHaveLength(2);
  });

  it('refuses a gateway posting alerts in the name of another gateway', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      headers: await h.auth('gateway2'),
      payload: alertFactory(8)(),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.details.issues[0].path).toBe('body.gatewayId');
  });
});

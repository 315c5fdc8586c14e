// Abuse of the API: each answer is a clear error with a stable code, the field named, no stack.
import { ApiErrorSchema } from '@pdm/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { proposal } from '../services/contract.js';
import { alertFactory } from '../support/fixtures.js';
import { createHarness, type Harness } from '../support/harness.js';

describe('API input hardening', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => h.close());

  const expectError = (res: { statusCode: number; body: string }, status: number, code: string) => {
    expect(res.statusCode, res.body).toBe(status);
    const body = ApiErrorSchema.parse(JSON.parse(res.body));
    expect(body.error.code).toBe(code);
    expect(res.body).not.toMatch(/node_modules|\.ts:\d+|at [A-Za-z]+ \(/);
    return body.error;
  };

  it('rejects unknown body fields, naming them (no mass assignment)', async () => {
    const id = await proposal(h);
    const res = await h.app.inject({
      method: 'PATCH',
      url: `/api/v1/work-orders/${id}`,
      headers: await h.auth('planner'),
      payload: { priority: 2, status: 'closed' },
    });
    const error = expectError(res, 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(error.details)).toContain('status');
    const wo = await h.app.inject({
      method: 'GET',
      url: `/api/v1/work-orders/${id}`,
      headers: await h.auth('planner'),
    });
    expect(wo.json()).toMatchObject({ status: 'proposed' });
  });

  it('names the bad field of an alert and keeps it as a dead letter', async () => {
    const alert = { ...alertFactory()(), severity: 'apocalyptic' };
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      headers: await h.auth('gateway'),
      payload: alert,
    });
    const error = expectError(res, 400, 'VALIDATION_FAILED');
    expect(error.message).toContain('body.severity');
    expect(h.counters.alertsRejected).toBe(1);
    const dead = await h.db.read((db) => db.select().from(h.db.t.deadLetters));
    expect(dead).toMatchObject([{ source: 'http', reason: expect.stringContaining('severity') }]);
  });

  it('answers 413 to a 2 MB body', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      headers: { ...(await h.auth('gateway')), 'content-type': 'application/json' },
      payload: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers 415 to a body that is not JSON', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': type },
        payload: 'username=admin',
      });
      expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('refuses __proto__ and constructor pollution and malformed JSON', async () => {
    for (const payload of [
      '{"username":"a","password":"b","__proto__":{"role":"admin"}}',
      '{"constructor":{"prototype":{"x":1}}}',
      '{"username":',
    ]) {
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expectError(res, 400, 'VALIDATION_FAILED');
    }
    expect(({} as Record<string, unknown>).role).toBeUndefined();
  });

  it('caps page limits and rejects forged cursors', async () => {
    const planner = await h.auth('planner');
    const huge = await h.app.inject({
      method: 'GET',
      url: '/api/v1/work-orders?limit=100000',
      headers: planner,
    });
    expect(expectError(huge, 400, 'VALIDATION_FAILED').message).toContain('querystring.limit');
    const forged = await h.app.inject({
      method: 'GET',
      url: '/api/v1/work-orders?cursor=abc',
      headers: planner,
    });
    expectError(forged, 400, 'VALIDATION_FAILED');
    const unknown = await h.app.inject({
      method: 'GET',
      url: '/api/v1/work-orders?sort=evil',
      headers: planner,
    });
    expectError(unknown, 400, 'VALIDATION_FAILED');
  });

  it('answers 401 to bad credentials and audits it', async () => {
    const wrong = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'guess' },
    });
    expectError(wrong, 401, 'UNAUTHENTICATED');
    const bogus = await h.app.inject({
      method: 'GET',
      url: '/api/v1/work-orders',
      headers: { authorization: 'Bearer not-a-token' },
    });
    expectError(bogus, 401, 'UNAUTHENTICATED');
    const audit = await h.db.read((db) => db.select().from(h.db.t.auditLog));
    expect(audit.filter((a) => a.outcome === 'denied')).toHaveLength(2);
  });

  it('answers 404 with the error shape for an unknown route or work order', async () => {
    expectError(await h.app.inject({ method: 'GET', url: '/api/v1/nothing' }), 404, 'NOT_FOUND');
    const missing = await h.app.inject({
      method: 'GET',
      url: '/api/v1/work-orders/01KE6JQ300ZKQVSYMM8ZK0TC39',
      headers: await h.auth('admin'),
    });
    expectError(missing, 404, 'NOT_FOUND');
  });
});

describe('rate limits', () => {
  it('answers 429 with retry-after to a flooding client while others carry on', async () => {
    const h = await createHarness({ config: { http: { rateLimitMax: 20, loginRateLimitMax: 5 } } });
    try {
      const planner = await h.auth('planner');
      const admin = await h.auth('admin');
      const codes: number[] = [];
      for (let i = 0; i < 30; i++)
        codes.push(
          (await h.app.inject({ method: 'GET', url: '/api/v1/job-plans', headers: planner })).statusCode,
        );
      expect(codes.filter((c) => c === 200)).toHaveLength(20);
      const limited = await h.app.inject({ method: 'GET', url: '/api/v1/job-plans', headers: planner });
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.json().error.code).toBe('RATE_LIMITED');
      expect(
        (await h.app.inject({ method: 'GET', url: '/api/v1/job-plans', headers: admin })).statusCode,
      ).toBe(200);
      h.clock.advance(60_000);
      expect(
        (await h.app.inject({ method: 'GET', url: '/api/v1/job-plans', headers: planner })).statusCode,
      ).toBe(200);
    } finally {
      await h.close();
    }
  });
});

import { systemClock } from '@pdm/shared';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildApp,
  createServiceContext,
  loadCloudConfig,
  newCounters,
  openDatabase,
} from '../../src/index.js';
import { bootstrap } from '../../src/services/bootstrap.js';

describe('web console served by the cloud app', () => {
  let app: FastifyInstance;
  let closeDb: () => Promise<void>;
  beforeAll(async () => {
    const config = loadCloudConfig(
      {},
      {
        databaseUrl: ':memory:',
        logLevel: 'silent',
        jobs: { enabled: false },
        bootstrap: { adminPassword: 'admin-secret-1', gatewayKeys: [] },
      },
    );
    const db = await openDatabase(config);
    const ctx = createServiceContext({ db, clock: systemClock, config });
    await bootstrap({ ctx, input: config.bootstrap });
    app = await buildApp({ ctx, config, logger: pino({ level: 'silent' }), counters: newCounters() });
    await app.ready();
    closeDb = () => db.close();
  });
  afterAll(async () => {
    await app.close();
    await closeDb();
  });

  it('serves the HTML shell with a content security policy', async () => {
    const res = await app.inject('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.body).toMatch(/<script type="module" src="\/assets\/app\.[0-9a-f]{12}\.js">/);
    expect(res.body).toMatch(/<link rel="stylesheet" href="\/assets\/app\.[0-9a-f]{12}\.css">/);
  });

  it('serves the bundled script and stylesheet under content-hashed names, cached for good', async () => {
    const shell = (await app.inject('/')).body;
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(shell)?.[1];
    const style = /href="(\/assets\/[^"]+\.css)"/.exec(shell)?.[1];
    const js = await app.inject(script!);
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('text/javascript');
    expect(js.headers['cache-control']).toContain('immutable');
    expect(js.body).toContain('/api/v1');
    const css = await app.inject(style!);
    expect(css.headers['content-type']).toContain('text/css');
    expect(css.body).toContain('.chart-canvas');
  });

  it('keeps the bundle small', async () => {
    const shell = (await app.inject('/')).body;
    const js = await app.inject(/src="(\/assets\/[^"]+\.js)"/.exec(shell)![1]!);
    expect(js.rawPayload.length).toBeLessThan(80_000);
  });

  it('serves the fleet-health aggregate to planners only, as the API enforces roles', async () => {
    const anonymous = await app.inject('/api/v1/console/fleet-health');
    expect(anonymous.statusCode).toBe(401);
    const admin = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'admin-secret-1' },
    });
    const res = await app.inject({
      url: '/api/v1/console/fleet-health',
      headers: { authorization: `Bearer ${admin.json().token}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ assets: [], orders: {}, sla: { completed: 0, attainment: null } });
    const auth = { authorization: `Bearer ${admin.json().token}` };
    const user = { id: 'tech-1', password: 'tech-secret-1', role: 'technician' };
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/users', headers: auth, payload: user })).statusCode,
    ).toBe(201);
    const tech = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: user.id, password: user.password },
    });
    const forbidden = await app.inject({
      url: '/api/v1/console/fleet-health',
      headers: { authorization: `Bearer ${tech.json().token}` },
    });
    expect(forbidden.statusCode).toBe(403);
  });

  it('answers 404 for an asset it does not have', async () => {
    const res = await app.inject('/assets/app.000000000000.js');
    expect(res.statusCode).toBe(404);
  });
});

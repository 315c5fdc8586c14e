// Responses are validated against their schema: a handler returning the wrong shape is a 500 with
// the error body, never leaked data or a stack trace.
import type { FastifyPluginAsync } from 'fastify';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../../src/app.js';
import { loadCloudConfig } from '../../src/config.js';
import { newCounters } from '../../src/http/types.js';
import type { ZodTypeProvider } from '../../src/http/zod-provider.js';
import { createHarness } from '../support/harness.js';

const leaky: FastifyPluginAsync = async (app) => {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(
      '/api/v1/leaky',
      { config: { access: 'public' }, schema: { response: { 200: z.object({ id: z.string() }).strict() } } },
      async () => ({ id: 1, passwordHash: 'secret' }) as never,
    );
};

const undeclared: FastifyPluginAsync = async (app) => {
  app.get('/api/v1/undeclared', async () => ({}));
};

describe('route plugins', () => {
  it('turn a response that breaks its schema into a 500 without the data', async () => {
    const h = await createHarness();
    const config = loadCloudConfig({}, { databaseUrl: ':memory:' });
    const app = await buildApp(
      { ctx: h.ctx, config, logger: pino({ level: 'silent' }), counters: newCounters() },
      { plugins: [leaky] },
    );
    const res = await app.inject({ method: 'GET', url: '/api/v1/leaky' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'INTERNAL', message: 'internal error' } });
    expect(res.body).not.toContain('secret');
    await app.close();
    await h.close();
  });

  it('refuse a route that does not declare who may call it', async () => {
    const h = await createHarness();
    const config = loadCloudConfig({}, { databaseUrl: ':memory:' });
    await expect(
      buildApp(
        { ctx: h.ctx, config, logger: pino({ level: 'silent' }), counters: newCounters() },
        { plugins: [undeclared] },
      ),
    ).rejects.toThrow(/declares no access/);
    await h.close();
  });
});

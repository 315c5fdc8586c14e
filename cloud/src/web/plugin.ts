import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { COMMON_ERRORS, UlidParamsSchema } from '../http/routes/schemas.js';
import { type Asset, bundleConsole } from './bundle.js';
import { loadFleetHealth } from './fleet-health.js';
import { FleetHealthSchema } from './fleet-summary.js';
import { loadOrderDispatch, OrderDispatchSchema } from './order-dispatch.js';
import { renderShell } from './shell.js';

export interface WebConsoleOptions {
  /** Minify the bundle (default true). */
  minify?: boolean;
}

const AssetParamsSchema = z.object({ name: z.string().max(100) });

const CSP = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/**
 * The planner and technician console: the HTML shell at `/` and the bundled script and stylesheet
 * at `/assets/<name>.<hash>.<ext>`. The bundle is built once, in memory, when the plugin registers.
 */
export const webConsolePlugin: FastifyPluginAsync<WebConsoleOptions> = async (app, opts) => {
  const bundle = await bundleConsole({ minify: opts.minify ?? true });
  const assets = new Map<string, Asset>([
    [bundle.script.name, bundle.script],
    [bundle.style.name, bundle.style],
  ]);
  const shell = renderShell({
    script: `/assets/${bundle.script.name}`,
    style: `/assets/${bundle.style.name}`,
  });
  registerShell(app, shell);
  registerConsoleApi(app);
  app.get<{ Params: { name: string } }>(
    '/assets/:name',
    {
      config: { access: 'public' },
      schema: { hide: true, params: AssetParamsSchema },
    },
    async (req, reply) => {
      const found = assets.get(req.params.name);
      if (!found) return reply.code(404).type('text/plain').send('not found');
      return reply
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff')
        .type(found.type)
        .send(found.body);
    },
  );
};

/** Read-only aggregates the console needs and the rest of the API does not offer. */
function registerConsoleApi(app: FastifyInstance): void {
  app.get(
    '/api/v1/console/fleet-health',
    {
      config: { access: ['admin', 'planner'] },
      schema: {
        tags: ['console'],
        summary: 'Assets by health, gateways, orders by status, SLA attainment, per-detector figures',
        response: { 200: FleetHealthSchema, ...COMMON_ERRORS },
      },
    },
    async () => loadFleetHealth(app.cloud.ctx),
  );
  app.get<{ Params: { id: string } }>(
    '/api/v1/console/work-orders/:id/dispatch',
    {
      config: { access: ['admin', 'planner'] },
      schema: {
        tags: ['console'],
        summary: "One order's dispatch decision (technician, slot, explanation) and its parts",
        params: UlidParamsSchema,
        response: { 200: OrderDispatchSchema, ...COMMON_ERRORS },
      },
    },
    async (request) => loadOrderDispatch(app.cloud.ctx, request.params.id),
  );
}

function registerShell(app: FastifyInstance, shell: string): void {
  const send = async (_req: unknown, reply: FastifyReply) =>
    reply
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .type('text/html; charset=utf-8')
      .send(shell);
  app.get('/', { config: { access: 'public' }, schema: { hide: true } }, send);
  app.get('/index.html', { config: { access: 'public' }, schema: { hide: true } }, send);
}

import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { COMMON_ERRORS, UlidParamsSchema } from '../http/routes/schemas.js';
import { type Asset, bundleConsole, type ConsoleBundle } from './bundle.js';
import { loadFleetHealth } from './fleet-health.js';
import { FleetHealthSchema } from './fleet-summary.js';
import {
  BoardAssignmentsSchema,
  loadBoardAssignments,
  loadOrderDispatch,
  OrderDispatchSchema,
} from './order-dispatch.js';
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
  registerConsoleApi(app);
  let bundle: ConsoleBundle;
  try {
    bundle = await bundleConsole({ minify: opts.minify ?? true });
  } catch (err) {
    // A console that cannot be built must not take the API down with it.
    app.log.error({ err }, 'web console bundle failed; serving the API without it');
    registerShell(app, { status: 503, html: unavailablePage((err as Error).message) });
    return;
  }
  const assets = new Map<string, Asset>([
    [bundle.script.name, bundle.script],
    [bundle.style.name, bundle.style],
  ]);
  const html = renderShell({
    script: `/assets/${bundle.script.name}`,
    style: `/assets/${bundle.style.name}`,
  });
  registerShell(app, { status: 200, html });
  app.get<{ Params: { name: string } }>(
    '/assets/:name',
    { config: { access: 'public' }, schema: { hide: true, params: AssetParamsSchema } },
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

function unavailablePage(reason: string): string {
  const text = reason.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c] ?? c);
  return `<!doctype html><html lang="en"><title>Console unavailable</title><h1>Console unavailable</h1><p>${text}</p></html>`;
}

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
  app.get(
    '/api/v1/console/dispatch-board',
    {
      config: { access: ['admin', 'planner'] },
      schema: {
        tags: ['console'],
        summary: 'Planned slots of the open orders dispatch assigned',
        response: { 200: BoardAssignmentsSchema, ...COMMON_ERRORS },
      },
    },
    async () => loadBoardAssignments(app.cloud.ctx),
  );
}

function registerShell(app: FastifyInstance, page: { status: number; html: string }): void {
  const send = async (_req: unknown, reply: FastifyReply) =>
    reply
      .code(page.status)
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .type('text/html; charset=utf-8')
      .send(page.html);
  app.get('/', { config: { access: 'public' }, schema: { hide: true } }, send);
  app.get('/index.html', { config: { access: 'public' }, schema: { hide: true } }, send);
}

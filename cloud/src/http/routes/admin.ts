// The plant register (sites, assets), people, gateways, and the records admins audit.
import { IdSchema } from '@pdm/shared';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { createUser } from '../../services/create-user.js';
import { bindGatewaySite } from '../../services/gateway-site.js';
import { listAssets } from '../../services/list-assets.js';
import { listAuditLog } from '../../services/list-audit-log.js';
import { listDeadLetters } from '../../services/list-dead-letters.js';
import { listGateways } from '../../services/list-gateways.js';
import { putAsset } from '../../services/put-asset.js';
import { putSite } from '../../services/put-site.js';
import type { ZodTypeProvider } from '../zod-provider.js';
import { COMMON_ERRORS, IdParamsSchema } from './schemas.js';

const SiteBodySchema = z
  .object({
    name: z.string().min(1).max(200),
    latitude: z.number().min(-90).max(90).nullable().default(null),
    longitude: z.number().min(-180).max(180).nullable().default(null),
  })
  .strict();
const SiteSchema = SiteBodySchema.extend({ id: IdSchema, createdAt: z.number().int() });
const AssetBodySchema = z
  .object({
    siteId: IdSchema,
    name: z.string().min(1).max(200),
    type: z.string().min(1).max(64),
    criticality: z.number().int().min(1).max(5),
  })
  .strict();
const AssetSchema = AssetBodySchema.extend({ id: IdSchema, createdAt: z.number().int() });
const UserBodySchema = z
  .object({
    id: IdSchema,
    password: z.string().min(8).max(256),
    role: z.enum(['admin', 'planner', 'technician']),
    displayName: z.string().min(1).max(200).optional(),
  })
  .strict();
const GatewaySchema = z.object({
  id: z.string(),
  siteId: z.string().nullable(),
  state: z.string(),
  version: z.string().nullable(),
  reason: z.string().nullable(),
  counters: z.record(z.string(), z.number()),
  statusAt: z.number(),
  lastSeenAt: z.number(),
  stale: z.boolean(),
  staleSince: z.number().nullable(),
});
const RecentQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();

export const adminRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.cloud.ctx;
  const planners = { access: ['admin', 'planner'] as const };
  const admins = { access: ['admin'] as const };
  r.put(
    '/api/v1/sites/:id',
    {
      config: admins,
      schema: {
        tags: ['plant'],
        params: IdParamsSchema,
        body: SiteBodySchema,
        response: { 200: SiteSchema, ...COMMON_ERRORS },
      },
    },
    async (request) => putSite({ ctx, input: { id: request.params.id, ...request.body } }),
  );
  r.put(
    '/api/v1/assets/:id',
    {
      config: admins,
      schema: {
        tags: ['plant'],
        params: IdParamsSchema,
        body: AssetBodySchema,
        response: { 200: AssetSchema, ...COMMON_ERRORS },
      },
    },
    async (request) => putAsset({ ctx, input: { id: request.params.id, ...request.body } }),
  );
  r.get(
    '/api/v1/assets',
    {
      config: planners,
      schema: {
        tags: ['plant'],
        response: {
          200: z.object({ sites: z.array(SiteSchema), assets: z.array(AssetSchema) }),
          ...COMMON_ERRORS,
        },
      },
    },
    async () => listAssets({ ctx, input: {} }),
  );
  r.get(
    '/api/v1/gateways',
    {
      config: planners,
      schema: {
        tags: ['plant'],
        response: { 200: z.object({ items: z.array(GatewaySchema) }), ...COMMON_ERRORS },
      },
    },
    async () => ({ items: await listGateways({ ctx, input: {} }) }),
  );
  r.put(
    '/api/v1/gateways/:id/site',
    {
      config: admins,
      schema: {
        tags: ['plant'],
        summary:
          'Bind a gateway to the site it serves (null unbinds); its alerts for other sites are refused',
        params: z.object({ id: IdSchema }),
        body: z.object({ siteId: IdSchema.nullable() }).strict(),
        response: { 200: GatewaySchema, ...COMMON_ERRORS },
      },
    },
    async (request) =>
      bindGatewaySite({ ctx, input: { gatewayId: request.params.id, siteId: request.body.siteId } }),
  );
  r.post(
    '/api/v1/users',
    {
      config: admins,
      schema: {
        tags: ['people'],
        body: UserBodySchema,
        response: {
          201: z.object({ id: z.string(), role: z.string(), displayName: z.string(), createdAt: z.number() }),
          ...COMMON_ERRORS,
          409: COMMON_ERRORS[400],
        },
      },
    },
    async (request, reply) => reply.code(201).send(await createUser({ ctx, input: request.body })),
  );
  r.get(
    '/api/v1/audit-log',
    {
      config: admins,
      schema: {
        tags: ['admin'],
        querystring: RecentQuerySchema,
        response: { 200: z.object({ items: z.array(z.record(z.string(), z.unknown())) }), ...COMMON_ERRORS },
      },
    },
    async (request) => ({ items: await listAuditLog({ ctx, input: { limit: request.query.limit } }) }),
  );
  r.get(
    '/api/v1/dead-letters',
    {
      config: admins,
      schema: {
        tags: ['admin'],
        querystring: RecentQuerySchema,
        response: { 200: z.object({ items: z.array(z.record(z.string(), z.unknown())) }), ...COMMON_ERRORS },
      },
    },
    async (request) => ({ items: await listDeadLetters({ ctx, input: { limit: request.query.limit } }) }),
  );
};

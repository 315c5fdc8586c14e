// Parts, warehouses, stock counts, reservations and purchase requests.
import { IdSchema } from '@pdm/shared';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { listTable, setStockCount, upsertPart, upsertWarehouse } from '../../services/dispatch/register.js';
import { raiseReorderRequests, receivePurchase } from '../../services/dispatch/reorder.js';
import type { ZodTypeProvider } from '../zod-provider.js';
import { COMMON_ERRORS, IdParamsSchema } from './schemas.js';

const PartSchema = z.object({
  id: z.string(),
  name: z.string(),
  reorderPoint: z.number(),
  reorderQty: z.number(),
  leadTimeMs: z.number(),
  updatedAt: z.number(),
});
const PartBodySchema = z
  .object({
    name: z.string().min(1).max(200),
    reorderPoint: z.number().int().min(0).max(1_000_000),
    reorderQty: z.number().int().min(1).max(1_000_000),
    leadTimeMs: z
      .number()
      .int()
      .min(0)
      .max(365 * 86_400_000),
  })
  .strict();
const WarehouseSchema = z.object({
  id: z.string(),
  name: z.string(),
  siteId: z.string().nullable(),
  technicianId: z.string().nullable(),
  lat: z.number(),
  lon: z.number(),
});
const WarehouseBodySchema = z
  .object({
    name: z.string().min(1).max(200),
    siteId: IdSchema.nullable(),
    technicianId: IdSchema.nullable(),
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
  })
  .strict();
const StockSchema = z.object({
  warehouseId: z.string(),
  partId: z.string(),
  onHand: z.number(),
  reserved: z.number(),
  updatedAt: z.number(),
});
const StockBodySchema = z
  .object({ warehouseId: IdSchema, partId: IdSchema, onHand: z.number().int().min(0).max(1_000_000) })
  .strict();
const ReservationSchema = z.object({
  id: z.string(),
  workOrderId: z.string(),
  warehouseId: z.string(),
  partId: z.string(),
  qty: z.number(),
  status: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
const PurchaseRequestSchema = z.object({
  id: z.string(),
  partId: z.string(),
  qty: z.number(),
  workOrderId: z.string().nullable(),
  status: z.string(),
  reason: z.string(),
  createdAt: z.number(),
  expectedAt: z.number(),
  lateForFailure: z.boolean(),
  openKey: z.string().nullable(),
});
const list = <T extends z.ZodType>(item: T) => ({
  200: z.object({ items: z.array(item) }),
  ...COMMON_ERRORS,
});
const STAFF = ['admin', 'planner'] as const;

export const partRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.cloud.ctx;
  const tag = { tags: ['parts'] };
  r.get(
    '/api/v1/parts',
    { config: { access: STAFF }, schema: { ...tag, response: list(PartSchema) } },
    async () => ({
      items: await listTable({ ctx, input: { table: 'parts' } }),
    }),
  );
  r.put(
    '/api/v1/parts/:id',
    {
      config: { access: STAFF },
      schema: {
        ...tag,
        params: IdParamsSchema,
        body: PartBodySchema,
        response: { 200: PartSchema, ...COMMON_ERRORS },
      },
    },
    async (request) => upsertPart({ ctx, input: { id: request.params.id, ...request.body } }),
  );
  r.get(
    '/api/v1/warehouses',
    { config: { access: STAFF }, schema: { ...tag, response: list(WarehouseSchema) } },
    async () => ({
      items: await listTable({ ctx, input: { table: 'warehouses' } }),
    }),
  );
  r.put(
    '/api/v1/warehouses/:id',
    {
      config: { access: ['admin'] },
      schema: {
        ...tag,
        params: IdParamsSchema,
        body: WarehouseBodySchema,
        response: { 200: WarehouseSchema, ...COMMON_ERRORS },
      },
    },
    async (request) => upsertWarehouse({ ctx, input: { id: request.params.id, ...request.body } }),
  );
  r.get(
    '/api/v1/stock',
    { config: { access: STAFF }, schema: { ...tag, response: list(StockSchema) } },
    async () => ({
      items: await listTable({ ctx, input: { table: 'stock' } }),
    }),
  );
  r.put(
    '/api/v1/stock',
    {
      config: { access: STAFF },
      schema: {
        ...tag,
        summary: 'Set a stock count (cannot go below reserved)',
        body: StockBodySchema,
        response: { 200: StockSchema, ...COMMON_ERRORS, 409: COMMON_ERRORS[400] },
      },
    },
    async (request) => setStockCount({ ctx, input: request.body }),
  );
  r.get(
    '/api/v1/reservations',
    { config: { access: STAFF }, schema: { ...tag, response: list(ReservationSchema) } },
    async () => ({
      items: await listTable({ ctx, input: { table: 'reservations' } }),
    }),
  );
  r.get(
    '/api/v1/purchase-requests',
    { config: { access: STAFF }, schema: { ...tag, response: list(PurchaseRequestSchema) } },
    async () => ({
      items: await listTable({ ctx, input: { table: 'purchaseRequests' } }),
    }),
  );
  r.post(
    '/api/v1/purchase-requests/reorder',
    {
      config: { access: STAFF },
      schema: {
        ...tag,
        summary: 'Run the reorder-point check now',
        body: z.object({}).strict().optional(),
        response: { 200: z.object({ raised: z.array(z.string()) }), ...COMMON_ERRORS },
      },
    },
    async () => raiseReorderRequests({ ctx, input: {} }),
  );
  r.post(
    '/api/v1/purchase-requests/:id/receive',
    {
      config: { access: STAFF },
      schema: {
        ...tag,
        params: IdParamsSchema.extend({ id: z.string().min(1).max(64) }),
        body: z.object({ warehouseId: IdSchema }).strict(),
        response: { 200: PurchaseRequestSchema, ...COMMON_ERRORS },
      },
    },
    async (request, reply) => {
      const received = await receivePurchase({
        ctx,
        input: { id: request.params.id, warehouseId: request.body.warehouseId },
      });
      if (!received)
        return reply
          .code(404)
          .send({ error: { code: 'NOT_FOUND', message: `no open purchase request ${request.params.id}` } });
      return received;
    },
  );
};

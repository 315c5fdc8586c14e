import {
  EpochMsSchema,
  IdSchema,
  MAX_PAGE_LIMIT,
  PrioritySchema,
  WorkOrderDetailSchema,
  WorkOrderPageSchema,
  WorkOrderStatusSchema,
} from '@pdm/shared';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { getWorkOrder } from '../../services/get-work-order.js';
import { listWorkOrders } from '../../services/list-work-orders.js';
import type { ZodTypeProvider } from '../zod-provider.js';
import { COMMON_ERRORS, UlidParamsSchema } from './schemas.js';

/** `status=proposed,approved` or `status=proposed&status=approved`. */
const StatusListSchema = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',') : v),
  z.array(WorkOrderStatusSchema).max(9),
);

export const ListQuerySchema = z
  .object({
    status: StatusListSchema.optional(),
    siteId: IdSchema.optional(),
    assetId: IdSchema.optional(),
    assigneeId: IdSchema.optional(),
    priority: z.coerce.number().pipe(PrioritySchema).optional(),
    dueBefore: z.coerce.number().pipe(EpochMsSchema).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

const READERS = ['admin', 'planner', 'technician'] as const;

export const workOrderReadRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/work-orders',
    {
      config: { access: READERS },
      schema: {
        tags: ['work orders'],
        summary: 'The work-order queue, most urgent first (technicians see only their own jobs)',
        querystring: ListQuerySchema,
        response: { 200: WorkOrderPageSchema, ...COMMON_ERRORS },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return listWorkOrders({ ctx: app.cloud.ctx, input: { actor: request.actor!, filter, limit, cursor } });
    },
  );
  r.get(
    '/api/v1/work-orders/:id',
    {
      config: { access: READERS },
      schema: {
        tags: ['work orders'],
        summary: 'One work order with its alert timeline, evidence and history',
        params: UlidParamsSchema,
        response: { 200: WorkOrderDetailSchema, ...COMMON_ERRORS },
      },
    },
    async (request) =>
      getWorkOrder({ ctx: app.cloud.ctx, input: { actor: request.actor!, id: request.params.id } }),
  );
};

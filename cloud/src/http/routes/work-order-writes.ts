import {
  EpochMsSchema,
  IdSchema,
  PrioritySchema,
  WorkOrderDetailSchema,
  WorkOrderStatusSchema,
} from '@pdm/shared';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { transitionWorkOrder } from '../../services/transition-work-order.js';
import { updateWorkOrder } from '../../services/update-work-order.js';
import type { ZodTypeProvider } from '../zod-provider.js';
import { COMMON_ERRORS, UlidParamsSchema } from './schemas.js';

const TransitionBodySchema = z
  .object({ to: WorkOrderStatusSchema, reason: z.string().max(1_000).optional() })
  .strict();

const EditBodySchema = z
  .object({
    title: z.string().min(1).max(200).optional(),
    priority: PrioritySchema.optional(),
    dueAt: EpochMsSchema.nullable().optional(),
    assigneeId: IdSchema.nullable().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'send at least one field to change');

const WITH_CONFLICT = { ...COMMON_ERRORS, 409: COMMON_ERRORS[400] };

export const workOrderWriteRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/work-orders/:id/transitions',
    {
      config: { access: ['admin', 'planner', 'technician'] },
      schema: {
        tags: ['work orders'],
        summary: 'Move a work order to another status (409 ILLEGAL_TRANSITION lists the allowed ones)',
        params: UlidParamsSchema,
        body: TransitionBodySchema,
        response: { 200: WorkOrderDetailSchema, ...WITH_CONFLICT },
      },
    },
    async (request) =>
      transitionWorkOrder({
        ctx: app.cloud.ctx,
        input: { actor: request.actor!, id: request.params.id, ...request.body },
      }),
  );
  r.patch(
    '/api/v1/work-orders/:id',
    {
      config: { access: ['admin', 'planner'] },
      schema: {
        tags: ['work orders'],
        summary: 'Edit an open work order: title, priority, due date, assignee',
        params: UlidParamsSchema,
        body: EditBodySchema,
        response: { 200: WorkOrderDetailSchema, ...WITH_CONFLICT },
      },
    },
    async (request) =>
      updateWorkOrder({
        ctx: app.cloud.ctx,
        input: { actor: request.actor!, id: request.params.id, edit: request.body },
      }),
  );
};

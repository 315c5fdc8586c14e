import { IdSchema } from '@pdm/shared';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { getJobPlan } from '../../services/get-job-plan.js';
import { listJobPlans } from '../../services/list-job-plans.js';
import { putJobPlan } from '../../services/put-job-plan.js';
import type { ZodTypeProvider } from '../zod-provider.js';
import { COMMON_ERRORS, IdParamsSchema } from './schemas.js';

export const JobPlanBodySchema = z
  .object({
    failureMode: IdSchema,
    title: z.string().min(1).max(200),
    tasks: z.array(z.string().min(1).max(500)).min(1).max(100),
    skills: z.array(z.object({ skill: IdSchema, level: z.number().int().min(1).max(5) }).strict()).max(20),
    parts: z
      .array(z.object({ partId: IdSchema, quantity: z.number().int().min(1).max(10_000) }).strict())
      .max(50),
    estimatedMinutes: z
      .number()
      .int()
      .min(1)
      .max(14 * 24 * 60),
  })
  .strict();

export const JobPlanSchema = JobPlanBodySchema.extend({
  id: IdSchema,
  updatedAt: z.number().int(),
  updatedBy: z.string(),
});

const READERS = ['admin', 'planner', 'technician'] as const;

export const jobPlanRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.cloud.ctx;
  r.get(
    '/api/v1/job-plans',
    {
      config: { access: READERS },
      schema: {
        tags: ['job plans'],
        response: { 200: z.object({ items: z.array(JobPlanSchema) }), ...COMMON_ERRORS },
      },
    },
    async () => ({ items: await listJobPlans({ ctx, input: {} }) }),
  );
  r.get(
    '/api/v1/job-plans/:id',
    {
      config: { access: READERS },
      schema: {
        tags: ['job plans'],
        params: IdParamsSchema,
        response: { 200: JobPlanSchema, ...COMMON_ERRORS },
      },
    },
    async (request) => getJobPlan({ ctx, input: { id: request.params.id } }),
  );
  r.put(
    '/api/v1/job-plans/:id',
    {
      config: { access: ['admin', 'planner'] },
      schema: {
        tags: ['job plans'],
        summary: 'Create or replace the job plan of a failure mode',
        params: IdParamsSchema,
        body: JobPlanBodySchema,
        response: { 200: JobPlanSchema, 201: JobPlanSchema, ...COMMON_ERRORS, 409: COMMON_ERRORS[400] },
      },
    },
    async (request, reply) => {
      const { plan, created } = await putJobPlan({
        ctx,
        input: { actor: request.actor!, plan: { id: request.params.id, ...request.body } },
      });
      return reply.code(created ? 201 : 200).send(plan);
    },
  );
};

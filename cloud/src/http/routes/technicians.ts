// Technician register (planners, admins) and the technician's own page: jobs and location.
import { IdSchema } from '@pdm/shared';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import {
  listTechnicians,
  myJobs,
  releaseTechnicianJobs,
  updateLocation,
  upsertTechnician,
} from '../../services/dispatch/register.js';
import type { ZodTypeProvider } from '../zod-provider.js';
import { COMMON_ERRORS, IdParamsSchema } from './schemas.js';

const PointSchema = z
  .object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })
  .strict();
const ShiftSchema = z
  .object({ start: z.number().int(), end: z.number().int() })
  .strict()
  .refine((s) => s.end > s.start, 'a shift must end after it starts');

const TechnicianBodySchema = z
  .object({
    displayName: z.string().min(1).max(200),
    skills: z.record(IdSchema, z.number().int().min(1).max(5)),
    home: PointSchema,
    shifts: z.array(ShiftSchema).max(200),
    dailyCapacityMin: z.number().int().min(0).max(1440),
    vanWarehouseId: IdSchema.nullable(),
    available: z.boolean(),
  })
  .strict();

const TechnicianSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  skills: z.record(z.string(), z.number()),
  home: z.object({ lat: z.number(), lon: z.number() }),
  location: z.object({ lat: z.number(), lon: z.number(), at: z.number().nullable() }).nullable(),
  shifts: z.array(z.object({ start: z.number(), end: z.number() })),
  dailyCapacityMin: z.number(),
  vanWarehouseId: z.string().nullable(),
  available: z.boolean(),
});

const JobSchema = z.object({
  workOrderId: z.string(),
  assetId: z.string(),
  siteId: z.string(),
  failureMode: z.string(),
  title: z.string(),
  status: z.string(),
  priority: z.number(),
  dueAt: z.number().nullable(),
  start: z.number().nullable(),
  why: z.string().nullable(),
  parts: z.array(
    z.object({ partId: z.string(), qty: z.number(), warehouseId: z.string(), status: z.string() }),
  ),
});

export const technicianRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.cloud.ctx;
  r.get(
    '/api/v1/technicians',
    {
      config: { access: ['admin', 'planner'] },
      schema: {
        tags: ['dispatch'],
        response: { 200: z.object({ items: z.array(TechnicianSchema) }), ...COMMON_ERRORS },
      },
    },
    async () => ({ items: await listTechnicians({ ctx, input: {} }) }),
  );
  r.put(
    '/api/v1/technicians/:id',
    {
      config: { access: ['admin', 'planner'] },
      schema: {
        tags: ['dispatch'],
        params: IdParamsSchema,
        body: TechnicianBodySchema,
        response: { 200: TechnicianSchema, ...COMMON_ERRORS },
      },
    },
    async (request) => {
      const tech = await upsertTechnician({ ctx, input: { id: request.params.id, ...request.body } });
      // Event: unavailable, or shifts that no longer hold some of their scheduled jobs. Those jobs
      // go back to the pool now; the dispatch run that re-plans them starts on its own.
      await releaseTechnicianJobs({
        ctx,
        input: {
          actor: request.actor!,
          technicianId: tech.id,
          ...(tech.available ? { shifts: tech.shifts } : {}),
        },
      });
      return tech;
    },
  );
  r.get(
    '/api/v1/me/jobs',
    {
      config: { access: ['technician'] },
      schema: {
        tags: ['technician'],
        response: { 200: z.object({ items: z.array(JobSchema) }), ...COMMON_ERRORS },
      },
    },
    async (request) => ({ items: await myJobs({ ctx, input: { actor: request.actor! } }) }),
  );
  r.put(
    '/api/v1/me/location',
    {
      config: { access: ['technician'] },
      schema: {
        tags: ['technician'],
        body: PointSchema,
        response: { 200: TechnicianSchema, ...COMMON_ERRORS },
      },
    },
    async (request) => updateLocation({ ctx, input: { actor: request.actor!, ...request.body } }),
  );
};

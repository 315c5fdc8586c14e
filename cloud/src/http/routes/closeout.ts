// Technician close-out and what it teaches: per rule/model outcomes and the labelled export.

import { CAUSE_CODES, PHOTO_TYPES } from '@pdm/shared';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { closeOutJob } from '../../services/dispatch/close-out.js';
import { exportLabels, ruleOutcomes } from '../../services/dispatch/outcomes.js';
import type { ZodTypeProvider } from '../zod-provider.js';
import { COMMON_ERRORS, UlidParamsSchema } from './schemas.js';

const CloseOutBodySchema = z
  .object({
    notes: z.string().min(1).max(2_000),
    minutesSpent: z.number().int().min(1).max(1_440),
    partsUsed: z
      .array(
        z.object({ partId: z.string().min(1).max(64), qty: z.number().int().min(0).max(1_000) }).strict(),
      )
      .max(50),
    failureConfirmed: z.boolean(),
    causeCode: z.enum(CAUSE_CODES),
    photo: z
      .object({ contentType: z.enum(PHOTO_TYPES), dataUrl: z.string().max(900_000) })
      .strict()
      .optional(),
  })
  .strict();

const OutcomeSchema = z.object({
  ruleOrModel: z.string(),
  version: z.string(),
  closedOrders: z.number(),
  confirmed: z.number(),
  falseAlarms: z.number(),
  precision: z.number().nullable(),
  medianLeadTimeHours: z.number().nullable(),
});

export const closeOutRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.cloud.ctx;
  r.post(
    '/api/v1/work-orders/:id/close-out',
    {
      config: { access: ['technician', 'admin'] },
      schema: {
        tags: ['technician'],
        summary: 'Complete a job in progress: notes, time, parts used, failure confirmed, cause code, photo',
        params: UlidParamsSchema,
        body: CloseOutBodySchema,
        response: {
          200: z.object({ workOrderId: z.string(), status: z.literal('completed') }),
          ...COMMON_ERRORS,
          409: COMMON_ERRORS[400],
        },
      },
    },
    async (request) =>
      closeOutJob({ ctx, input: { actor: request.actor!, workOrderId: request.params.id, ...request.body } }),
  );
  r.get(
    '/api/v1/outcomes',
    {
      config: { access: ['admin', 'planner'] },
      schema: {
        tags: ['outcomes'],
        summary: 'Precision, lead time and false alarms per rule or model',
        response: { 200: z.object({ items: z.array(OutcomeSchema) }), ...COMMON_ERRORS },
      },
    },
    async () => ({ items: await ruleOutcomes({ ctx, input: {} }) }),
  );
  r.get(
    '/api/v1/labels.jsonl',
    {
      config: { access: ['admin', 'planner'] },
      schema: {
        tags: ['outcomes'],
        summary: 'Close-out labels for `pdm-models retrain`, one JSON object per line',
        response: { 200: z.string(), ...COMMON_ERRORS },
      },
    },
    async (_request, reply) => {
      const labels = await exportLabels({ ctx, input: {} });
      reply.type('application/x-ndjson');
      return labels.map((l) => JSON.stringify(l)).join('\n') + (labels.length ? '\n' : '');
    },
  );
};

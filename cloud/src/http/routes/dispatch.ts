// Dispatch runs: planners trigger one (also run by the re-dispatch job and on events).
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { startEventRunner } from '../../services/dispatch/event-runner.js';
import { loadHighsRuntime } from '../../services/dispatch/highs-runtime.js';
import { runDispatch } from '../../services/dispatch/run-dispatch.js';
import { type SolverThread, startSolverThread } from '../../services/dispatch/solver-thread.js';
import type { ZodTypeProvider } from '../zod-provider.js';
import { COMMON_ERRORS } from './schemas.js';

const RunBodySchema = z
  .object({
    trigger: z.enum(['manual', 'urgent_order', 'technician_unavailable']).default('manual'),
    timeLimitSec: z.number().min(0.2).max(30).optional(),
    horizonHours: z
      .number()
      .min(1)
      .max(24 * 14)
      .optional(),
  })
  .strict();

const PickSchema = z.object({
  partId: z.string(),
  qty: z.number(),
  warehouseId: z.string(),
  kind: z.string(),
  transferMin: z.number(),
});

export const DispatchRunSchema = z.object({
  runId: z.string(),
  solver: z.string(),
  solvedOn: z.enum(['worker', 'in-process']),
  status: z.string(),
  durationMs: z.number().nullable(),
  objective: z.number(),
  bound: z.number(),
  gap: z.number(),
  heuristicGap: z.number(),
  sequencedObjective: z.number(),
  assignments: z.array(
    z.object({
      workOrderId: z.string(),
      technicianId: z.string(),
      start: z.number(),
      end: z.number(),
      why: z.string(),
      parts: z.array(PickSchema),
    }),
  ),
  unassigned: z.array(z.object({ workOrderId: z.string(), reason: z.string() })),
  purchaseRequests: z.array(
    z.object({
      workOrderId: z.string(),
      partId: z.string(),
      qty: z.number(),
      expectedAt: z.number().nullable(),
      late: z.boolean(),
      why: z.string(),
    }),
  ),
});

export const dispatchRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.cloud.ctx;
  // Solving runs on a worker thread, started on first use, so the API keeps answering meanwhile.
  let thread: SolverThread | null = null;
  // Runs on events (urgent order approved, technician unavailable) start here, off the requests.
  const events = startEventRunner(ctx, {
    logger: app.log,
    thread: () => {
      thread ??= startSolverThread();
      return thread;
    },
  });
  app.addHook('onClose', async () => {
    await events.stop();
    await thread?.close();
  });
  r.post(
    '/api/v1/dispatch/runs',
    {
      config: { access: ['admin', 'planner'] },
      schema: {
        tags: ['dispatch'],
        summary: 'Assign approved orders to technicians and reserve their parts (HiGHS, greedy fallback)',
        body: RunBodySchema,
        response: { 200: DispatchRunSchema, ...COMMON_ERRORS },
      },
    },
    async (request) => {
      thread ??= startSolverThread();
      const highs = await loadHighsRuntime().catch((err: unknown) => {
        request.log.warn({ err }, 'HiGHS unavailable; dispatching with the heuristic');
        return null;
      });
      const body = request.body;
      return runDispatch({
        ctx,
        input: {
          actor: request.actor!,
          trigger: body.trigger,
          highs,
          thread,
          timeLimitSec: body.timeLimitSec,
          horizonMs: body.horizonHours === undefined ? undefined : body.horizonHours * 3_600_000,
        },
      });
    },
  );
};

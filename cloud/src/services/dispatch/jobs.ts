// Cron jobs of the dispatch feature, in the scheduler's shape (lease + no overlap come from it).
// Re-dispatch reconsiders scheduled orders too; the reassignment penalty keeps accepted jobs
// where they are unless moving them gains more than it.
import type { Job } from '../../jobs/scheduler.js';
import type { Actor, ServiceContext } from '../context.js';
import { loadHighsRuntime } from './highs-runtime.js';
import { raiseReorderRequests } from './reorder.js';
import { runDispatch } from './run-dispatch.js';
import { type SolverThread, startSolverThread } from './solver-thread.js';

const SYSTEM: Actor = { id: 'system:dispatch', role: 'admin' };

/** The re-dispatch job's name: its lease, `job:re-dispatch`, also serialises the runs on events. */
export const REDISPATCH_JOB = 're-dispatch';
export const REDISPATCH_LEASE_MS = 120_000;

export interface DispatchJobOptions {
  redispatchCron?: string;
  reorderCron?: string;
  timeLimitSec?: number;
}

export function dispatchJobs(
  ctx: ServiceContext,
  options: DispatchJobOptions = {},
): { job: Job; schedule: string }[] {
  // The job's own solver thread, started on its first run: the solve never blocks the event loop
  // (an idle thread does not keep the process alive; a failing one falls back to in-process).
  let thread: SolverThread | null = null;
  return [
    {
      schedule: options.redispatchCron ?? '*/30 * * * *',
      job: {
        name: REDISPATCH_JOB,
        leaseMs: REDISPATCH_LEASE_MS,
        run: async () => {
          const highs = await loadHighsRuntime().catch(() => null);
          thread ??= startSolverThread();
          const r = await runDispatch({
            ctx,
            input: {
              actor: SYSTEM,
              trigger: 'schedule',
              highs,
              timeLimitSec: options.timeLimitSec,
              thread,
            },
          });
          return {
            assigned: r.assignments.length,
            unassigned: r.unassigned.length,
            gap: r.gap,
            solver: r.solver,
            solvedOn: r.solvedOn,
          };
        },
      },
    },
    {
      schedule: options.reorderCron ?? '*/15 * * * *',
      job: {
        name: 'reorder-points',
        leaseMs: 60_000,
        run: async () => ({ ...(await raiseReorderRequests({ ctx, input: {} })) }),
      },
    },
  ];
}

// node-cron jobs. Each run is skipped while the previous one is still going (in this process) and
// needs a database lease (across processes); the work itself is idempotent from database state.
import { randomUUID } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { CloudConfig } from '../config.js';
import { acquireLease } from '../services/acquire-lease.js';
import type { ServiceContext } from '../services/context.js';
import { detectStaleGateways } from '../services/detect-stale-gateways.js';
import { dispatchJobs } from '../services/dispatch/jobs.js';
import { escalateProposals } from '../services/escalate-proposals.js';
import { purgeExpiredSessions } from '../services/purge-sessions.js';
import { releaseLease } from '../services/release-lease.js';

export interface JobDeps {
  ctx: ServiceContext;
  config: CloudConfig;
  logger: Logger;
}

export interface Job {
  name: string;
  /** Longest a run may take before another instance may take over. */
  leaseMs: number;
  run(): Promise<Record<string, unknown>>;
}

export function cloudJobs(deps: JobDeps): { job: Job; schedule: string }[] {
  const { ctx, config } = deps;
  return [
    {
      schedule: config.jobs.escalationCron,
      job: {
        name: 'sla-escalation',
        leaseMs: 60_000,
        run: async () => ({ ...(await escalateProposals({ ctx, input: {} })) }),
      },
    },
    {
      schedule: config.jobs.staleGatewayCron,
      job: {
        name: 'stale-gateways',
        leaseMs: 60_000,
        run: async () => ({
          ...(await detectStaleGateways({ ctx, input: { staleAfterMs: config.jobs.gatewayStaleAfterMs } })),
        }),
      },
    },
    {
      schedule: config.jobs.escalationCron,
      job: {
        name: 'purge-sessions',
        leaseMs: 60_000,
        run: async () => ({ ...(await purgeExpiredSessions({ ctx, input: {} })) }),
      },
    },
    ...dispatchJobs(ctx),
  ];
}

/** Runs a job once if no run is in progress here and the lease is free; returns whether it ran. */
export function guardedRunner(
  deps: { ctx: ServiceContext; logger: Logger; holder: string },
  job: Job,
): () => Promise<boolean> {
  let running = false;
  return async () => {
    if (running) return false;
    running = true;
    try {
      const lease = { name: `job:${job.name}`, holder: deps.holder };
      if (!(await acquireLease({ ctx: deps.ctx, input: { ...lease, ttlMs: job.leaseMs } }))) return false;
      try {
        const result = await job.run();
        deps.logger.debug({ job: job.name, ...result }, 'job ran');
        return true;
      } finally {
        await releaseLease({ ctx: deps.ctx, input: lease });
      }
    } catch (err) {
      deps.logger.error({ err, job: job.name }, 'job failed');
      return false;
    } finally {
      running = false;
    }
  };
}

export function startJobs(deps: JobDeps): { stop(): Promise<void> } {
  const holder = randomUUID();
  const logger = deps.logger.child({ component: 'jobs' });
  const tasks: ScheduledTask[] = cloudJobs(deps).map(({ job, schedule }) => {
    const run = guardedRunner({ ctx: deps.ctx, logger, holder }, job);
    return cron.schedule(schedule, () => void run(), { name: job.name, noOverlap: true });
  });
  return {
    stop: async () => {
      for (const task of tasks) await task.stop();
    },
  };
}

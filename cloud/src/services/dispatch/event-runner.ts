// Starts dispatch runs on events, off the request that caused them: events within `debounceMs` of
// the first one give one run, events during a run give one more run after it, and every run holds
// the re-dispatch job's database lease, so it never overlaps the cron run (here or elsewhere).
// Failures are logged and never thrown.
import { randomUUID } from 'node:crypto';
import { acquireLease } from '../acquire-lease.js';
import type { Actor, ServiceContext } from '../context.js';
import { releaseLease } from '../release-lease.js';
import { type DispatchEvent, onDispatchEvent } from './dispatch-events.js';
import { loadHighsRuntime } from './highs-runtime.js';
import { REDISPATCH_JOB, REDISPATCH_LEASE_MS } from './jobs.js';
import { runDispatch } from './run-dispatch.js';
import type { SolverThread } from './solver-thread.js';

const SYSTEM: Actor = { id: 'system:dispatch-events', role: 'admin' };

export interface EventLog {
  info(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

export interface EventRunnerOptions {
  logger: EventLog;
  /** Events within this window of the first one are served by one run. */
  debounceMs?: number;
  /** Wait before trying again when another run holds the lease. */
  retryMs?: number;
  timeLimitSec?: number;
  /** Solver thread to use (resolved when a run starts); in-process when it gives none. */
  thread?: () => SolverThread | null;
}

export interface EventRunner {
  /** Resolves when no run is pending or going. */
  idle(): Promise<void>;
  /** Runs started so far, with their trigger and outcome. */
  readonly runs: readonly { trigger: Trigger; ok: boolean }[];
  stop(): Promise<void>;
}

type Trigger = 'urgent_order' | 'technician_unavailable';

const runners = new WeakMap<ServiceContext, EventRunner>();

/** The runner listening on this context, if one was started. */
export function eventRunnerOf(ctx: ServiceContext): EventRunner | undefined {
  return runners.get(ctx);
}

export function startEventRunner(ctx: ServiceContext, options: EventRunnerOptions): EventRunner {
  const debounceMs = options.debounceMs ?? 1000;
  const retryMs = options.retryMs ?? 5000;
  const holder = `events:${randomUUID()}`;
  const lease = { name: `job:${REDISPATCH_JOB}`, holder };
  const pending = new Set<Trigger>();
  const runs: { trigger: Trigger; ok: boolean }[] = [];
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  let waiters: (() => void)[] = [];

  const settle = () => {
    if (timer || running || pending.size > 0) return;
    for (const w of waiters.splice(0)) w();
  };
  const schedule = (ms: number) => {
    if (stopped || timer || running) return;
    timer = setTimeout(() => {
      timer = null;
      running = fire().finally(() => {
        running = null;
        if (pending.size > 0) schedule(debounceMs);
        settle();
      });
    }, ms);
  };

  async function fire(): Promise<void> {
    const trigger: Trigger = pending.has('technician_unavailable')
      ? 'technician_unavailable'
      : 'urgent_order';
    try {
      if (!(await acquireLease({ ctx, input: { ...lease, ttlMs: REDISPATCH_LEASE_MS } }))) {
        options.logger.info({ trigger }, 'dispatch run deferred: another run holds the lease');
        timer = setTimeout(() => {
          timer = null;
          schedule(0);
        }, retryMs);
        return;
      }
      pending.clear();
      try {
        const highs = await loadHighsRuntime().catch(() => null);
        const r = await runDispatch({
          ctx,
          input: {
            actor: SYSTEM,
            trigger,
            highs,
            timeLimitSec: options.timeLimitSec,
            thread: options.thread?.() ?? null,
          },
        });
        runs.push({ trigger, ok: true });
        options.logger.info(
          { trigger, runId: r.runId, assigned: r.assignments.length, gap: r.gap },
          'dispatch run on event',
        );
      } finally {
        await releaseLease({ ctx, input: lease });
      }
    } catch (err) {
      runs.push({ trigger, ok: false });
      options.logger.error({ err, trigger }, 'dispatch run on event failed');
    }
  }

  const off = onDispatchEvent(ctx, (event: DispatchEvent) => {
    if (stopped) return;
    pending.add(event.kind);
    schedule(debounceMs);
  });
  const runner: EventRunner = {
    runs,
    idle: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
        settle();
      }),
    async stop() {
      stopped = true;
      off();
      if (timer) clearTimeout(timer);
      timer = null;
      pending.clear();
      await running;
      settle();
      waiters = [];
      if (runners.get(ctx) === runner) runners.delete(ctx);
    },
  };
  runners.set(ctx, runner);
  return runner;
}

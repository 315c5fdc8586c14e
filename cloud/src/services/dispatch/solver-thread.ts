// A dispatch solver on a worker thread: the same `dispatch()` as in-process, without blocking the
// event loop for the length of the time limit.
import { Worker } from 'node:worker_threads';
import {
  DEFAULT_TRAVEL,
  type DispatchInstance,
  type DispatchPlan,
  type HaversineOptions,
} from '../../domain/dispatch/index.js';
import type { SolveRequest } from './solver-worker.js';

export interface SolverThread {
  solve(
    instance: DispatchInstance,
    options: { timeLimitSec: number; travel?: HaversineOptions },
  ): Promise<DispatchPlan>;
  close(): Promise<void>;
}

type Pending = { resolve: (plan: DispatchPlan) => void; reject: (err: Error) => void };

/**
 * Starts the worker. Its entry is TypeScript, like the rest of the service, so a small bootstrap
 * registers the tsx loader inside the thread before importing it.
 */
export function startSolverThread(): SolverThread {
  const entry = new URL('./solver-worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(bootstrap, { eval: true });
  worker.unref();
  const pending = new Map<number, Pending>();
  let next = 0;
  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.on('message', (msg: { id: number; plan?: DispatchPlan; error?: string }) => {
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.plan) p.resolve(msg.plan);
    else p.reject(new Error(msg.error ?? 'dispatch worker failed'));
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`dispatch worker exited with code ${code}`)));
  return {
    solve(instance, options) {
      const id = next++;
      const request: SolveRequest = {
        id,
        instance,
        timeLimitSec: options.timeLimitSec,
        travel: options.travel ?? DEFAULT_TRAVEL,
      };
      return new Promise<DispatchPlan>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage(request);
      }).finally(() => {
        if (pending.size === 0) worker.unref();
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}

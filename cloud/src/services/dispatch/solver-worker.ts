// Worker thread entry: runs dispatch off the main event loop, so the API keeps answering while
// HiGHS works. One HiGHS runtime per worker, loaded on first use.
import { parentPort } from 'node:worker_threads';
import {
  type DispatchInstance,
  dispatch,
  type HaversineOptions,
  haversineTravel,
} from '../../domain/dispatch/index.js';
import { loadHighsRuntime } from './highs-runtime.js';

export interface SolveRequest {
  id: number;
  instance: DispatchInstance;
  timeLimitSec: number;
  travel: HaversineOptions;
}

parentPort?.on('message', async (request: SolveRequest) => {
  try {
    const highs = await loadHighsRuntime().catch(() => null);
    const plan = dispatch(request.instance, {
      highs,
      timeLimitSec: request.timeLimitSec,
      travel: haversineTravel(request.travel),
      clock: () => performance.now(),
    });
    parentPort?.postMessage({ id: request.id, plan });
  } catch (err) {
    parentPort?.postMessage({ id: request.id, error: err instanceof Error ? err.message : String(err) });
  }
});

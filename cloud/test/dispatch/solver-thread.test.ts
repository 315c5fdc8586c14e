import { afterAll, describe, expect, it } from 'vitest';
import { sampleInstance } from '../../src/domain/dispatch/index.js';
import { startSolverThread } from '../../src/services/dispatch/solver-thread.js';
import { violations } from './helpers.js';

describe('dispatch on a worker thread', () => {
  const thread = startSolverThread();
  afterAll(() => thread.close());

  it('solves with HiGHS while the event loop keeps running', async () => {
    const instance = sampleInstance({ orders: 200, technicians: 50, warehouses: 10, seed: 4 });
    let ticks = 0;
    const timer = setInterval(() => {
      ticks++;
    }, 10);
    const started = performance.now();
    const plan = await thread.solve(instance, { timeLimitSec: 1 });
    const elapsed = performance.now() - started;
    clearInterval(timer);
    expect(plan.run.solver).toBe('highs');
    expect(violations(instance, plan)).toEqual([]);
    expect(plan.choice).toBeInstanceOf(Int32Array);
    // A blocked loop would tick at most once; a free one about every 10 ms.
    expect(ticks).toBeGreaterThan(Math.min(20, elapsed / 40));
  });
});

import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../src/runtime/backend.js';

describe('backend selection', () => {
  it('picks tfjs-node when it imports, else wasm from the installed package, logs why, and only once', async () => {
    const logged: string[] = [];
    const log = {
      info: (_f: object, m: string) => logged.push(m),
      warn: (_f: object, m: string) => logged.push(m),
    };
    const first = await selectBackend({ override: 'no-such-backend', log });
    expect(['tensorflow', 'wasm']).toContain(first.backend);
    if (first.backend === 'wasm') expect(first.skipped.map((s) => s.backend)).toEqual(['tensorflow']);
    expect(tf.getBackend()).toBe(first.backend);
    expect(logged).toEqual(['unknown PDM_TF_BACKEND, choosing automatically', 'tfjs backend selected']);
    const again = await selectBackend({ override: 'cpu' });
    expect(again).toBe(first);
    const y = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).arraySync());
    expect(y).toEqual([4, 6]);
  });
});

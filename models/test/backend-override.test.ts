import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../src/runtime/backend.js';

describe('backend override', () => {
  it('PDM_TF_BACKEND=cpu starts at cpu', async () => {
    const choice = await selectBackend({ override: 'cpu' });
    expect(choice).toEqual({ backend: 'cpu', skipped: [] });
    expect(tf.getBackend()).toBe('cpu');
  });
});

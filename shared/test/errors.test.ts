import { describe, expect, it } from 'vitest';
import { ApiErrorSchema, AppError, ManualClock, parseOrThrow, TelemetrySampleSchema } from '../src/index.js';

describe('errors', () => {
  it('parseOrThrow names the failing field and maps to 400', () => {
    try {
      parseOrThrow(TelemetrySampleSchema, { ts: 'soon', readings: { a: 1 } }, 'telemetry');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      const e = err as AppError;
      expect(e.status).toBe(400);
      expect(e.message).toMatch(/^invalid telemetry: ts:/);
      expect(ApiErrorSchema.safeParse(e.toBody()).success).toBe(true);
    }
  });
  it('codes map to statuses', () => {
    expect(new AppError('ILLEGAL_TRANSITION', 'x').status).toBe(409);
    expect(new AppError('RATE_LIMITED', 'x').status).toBe(429);
  });
  it('the manual clock moves only when told', () => {
    const clock = new ManualClock(10);
    clock.advance(5);
    expect(clock.now()).toBe(15);
    clock.set(3);
    expect(clock.now()).toBe(3);
  });
});

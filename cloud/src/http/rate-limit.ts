import type { Clock } from '@pdm/shared';

/** Fixed-window request counters per key, bounded in size. In memory, per instance. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: { max: number; windowMs: number; maxKeys?: number },
  ) {}

  /** Counts one request; returns 0 when allowed, else the seconds until the window resets. */
  take(key: string): number {
    const now = this.clock.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.limits.windowMs) {
      if (!window && this.windows.size >= (this.limits.maxKeys ?? 100_000)) this.prune(now);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    if (window.count <= this.limits.max) return 0;
    return Math.max(1, Math.ceil((window.start + this.limits.windowMs - now) / 1000));
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= this.limits.windowMs) this.windows.delete(key);
    if (this.windows.size >= (this.limits.maxKeys ?? 100_000)) this.windows.clear();
  }
}

import type { Aedes, Client } from 'aedes';
import type { Logger } from 'pino';

/** What we reach inside aedes' message emitter (mqemitter 7) to keep it from recursing. */
interface EmitterInternals {
  _do(message: unknown, callback: unknown): unknown;
  _released(): void;
  _messageQueue: unknown[];
  _messageCallbacks: unknown[];
  current: number;
  length: number;
}

export interface FloodGuardOptions {
  /** Nested deliveries allowed before the rest continues on a fresh stack. */
  maxDepth?: number;
  /** Messages queued in the broker before clients that are not draining their sockets are cut off. */
  maxQueued?: number;
  checkEveryMs?: number;
  logger?: Logger;
}

/**
 * aedes 1.2.0 + mqemitter 7: while a slow subscriber keeps the emitter at its concurrency limit,
 * publishes queue up in memory; when that subscriber goes away, every queued message matches
 * nobody and is released synchronously from the previous one's release, until the stack
 * overflows ("Maximum call stack size exceeded") and the process dies.
 *
 * The guard (1) continues on a new stack (setImmediate) once deliveries nest `maxDepth` deep,
 * putting the message back at the head of the queue with its slot reserved so order is kept, and
 * (2) bounds the queue: above `maxQueued`, clients whose sockets are not draining are disconnected.
 */
export function installFloodGuard(
  broker: Aedes,
  opts: FloodGuardOptions = {},
): { stop(): void; cutOff: () => number } {
  const mq = (broker as unknown as { mq: EmitterInternals }).mq;
  const maxDepth = opts.maxDepth ?? 1_000;
  const original = mq._do;
  let depth = 0;
  mq._do = function guardedDo(this: EmitterInternals, message: unknown, callback: unknown) {
    if (depth >= maxDepth) {
      this._messageQueue.unshift(message);
      this._messageCallbacks.unshift(callback);
      this.current++;
      setImmediate(() => this._released());
      return this;
    }
    depth++;
    try {
      return original.call(this, message, callback);
    } finally {
      depth--;
    }
  };

  let cutOff = 0;
  const maxQueued = opts.maxQueued ?? 50_000;
  const timer = setInterval(() => {
    if (mq._messageQueue.length <= maxQueued) return;
    const clients = (
      broker as unknown as { clients: Record<string, Client & { _pendingDrains?: unknown[] }> }
    ).clients;
    for (const client of Object.values(clients)) {
      if ((client._pendingDrains?.length ?? 0) === 0) continue;
      cutOff++;
      opts.logger?.warn(
        { client: client.id, queued: mq._messageQueue.length },
        'cutting off a client that does not keep up',
      );
      client.close();
    }
  }, opts.checkEveryMs ?? 250);
  timer.unref();
  return { stop: () => clearInterval(timer), cutOff: () => cutOff };
}

// Events that call for a dispatch run: an order of the most urgent priority became approved, or a
// technician became unavailable. Use cases only emit them; whoever composes the service (the HTTP
// app) listens per service context and starts the runs. Emitting never throws and never waits.
import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../context.js';

/** The most urgent priority (1..5, 1 first): approving such an order triggers a run. */
export const URGENT_PRIORITY = 1;

export type DispatchEvent =
  | { kind: 'urgent_order'; workOrderId: string }
  | { kind: 'technician_unavailable'; technicianId: string; released: readonly string[] };

type Listener = (event: DispatchEvent) => void;

const listeners = new WeakMap<ServiceContext, Listener>();

/** Registers the one listener of a context; returns its removal. */
export function onDispatchEvent(ctx: ServiceContext, listener: Listener): () => void {
  listeners.set(ctx, listener);
  return () => {
    if (listeners.get(ctx) === listener) listeners.delete(ctx);
  };
}

/** Tells the listener, if any, after the caller's transaction committed. */
export function emitDispatchEvent(ctx: ServiceContext, event: DispatchEvent): void {
  const listener = listeners.get(ctx);
  if (!listener) return;
  try {
    listener(event);
  } catch {
    // A listener's failure is its own to log; the use case that emitted has already succeeded.
  }
}

/**
 * After a work order was created already approved (auto-approval at ingest): emits the urgent-order
 * event when it is of the most urgent priority. One read, only when there is a listener.
 */
export async function notifyIfUrgentApproved(ctx: ServiceContext, workOrderId: string): Promise<void> {
  if (!listeners.has(ctx)) return;
  const w = ctx.db.t.workOrders;
  const [row] = await ctx.db.read((db) =>
    db.select({ status: w.status, priority: w.priority }).from(w).where(eq(w.id, workOrderId)),
  );
  if (row?.status === 'approved' && row.priority === URGENT_PRIORITY) {
    emitDispatchEvent(ctx, { kind: 'urgent_order', workOrderId });
  }
}

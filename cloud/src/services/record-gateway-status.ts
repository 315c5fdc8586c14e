import type { GatewayStatus } from '@pdm/shared';
import { eq } from 'drizzle-orm';
import { decideGatewayStatus } from '../domain/gateway-status.js';
import type { UseCase } from './context.js';

/**
 * Records a gateway's status message. Idempotent and order-safe: an older status (by its own `ts`)
 * never overwrites a newer one, except the gateway's last will, which applies after every status
 * of its own connection (`session`) but never over a later connection's (`decideGatewayStatus`).
 * Every message refreshes `lastSeenAt`.
 */
export async function recordGatewayStatus({ ctx, input }: UseCase<{ status: GatewayStatus }>): Promise<void> {
  const { gateways } = ctx.db.t;
  const { status } = input;
  const now = ctx.clock.now();
  await ctx.db.tx(async (tx) => {
    const [stored] = await tx
      .select({ statusAt: gateways.statusAt, sessionAt: gateways.sessionAt })
      .from(gateways)
      .where(eq(gateways.id, status.gatewayId));
    const decision = decideGatewayStatus(stored, status);
    if (!decision) {
      await tx.update(gateways).set({ lastSeenAt: now }).where(eq(gateways.id, status.gatewayId));
      return;
    }
    const fields = {
      state: status.state,
      version: status.version ?? null,
      reason: status.reason ?? null,
      counters: status.counters,
      statusAt: decision.statusAt,
      sessionAt: decision.sessionAt,
      lastSeenAt: now,
      stale: status.state === 'offline',
      staleSince: status.state === 'offline' ? now : null,
    };
    await tx
      .insert(gateways)
      .values({ id: status.gatewayId, siteId: null, ...fields })
      .onConflictDoUpdate({ target: gateways.id, set: fields });
  });
}

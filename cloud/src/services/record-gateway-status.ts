import type { GatewayStatus } from '@pdm/shared';
import { lt } from 'drizzle-orm';
import type { UseCase } from './context.js';

/**
 * Records a gateway's status message. Idempotent and order-safe: an older status (by its own `ts`)
 * never overwrites a newer one; every message refreshes `lastSeenAt`.
 */
export async function recordGatewayStatus({ ctx, input }: UseCase<{ status: GatewayStatus }>): Promise<void> {
  const { gateways } = ctx.db.t;
  const { status } = input;
  const now = ctx.clock.now();
  const fields = {
    state: status.state,
    version: status.version ?? null,
    reason: status.reason ?? null,
    counters: status.counters,
    statusAt: status.ts,
    lastSeenAt: now,
    stale: status.state === 'offline',
    staleSince: status.state === 'offline' ? now : null,
  };
  await ctx.db.tx(async (tx) => {
    await tx
      .insert(gateways)
      .values({ id: status.gatewayId, siteId: null, ...fields })
      .onConflictDoUpdate({ target: gateways.id, set: fields, setWhere: lt(gateways.statusAt, status.ts) });
  });
}

// Use cases: bind a gateway to the one site it serves, and the check every alert passes.
import { AppError } from '@pdm/shared';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import type { ServiceContext, UseCase } from './context.js';

/**
 * An admin binds a gateway (known once it has reported a status) to its site, or unbinds it
 * (`siteId: null`). A bound gateway's alerts for any other site are refused.
 */
export async function bindGatewaySite({ ctx, input }: UseCase<{ gatewayId: string; siteId: string | null }>) {
  const { gateways, sites } = ctx.db.t;
  return ctx.db.tx(async (tx) => {
    const known = await tx.select({ id: gateways.id }).from(gateways).where(eq(gateways.id, input.gatewayId));
    if (!known[0]) throw new AppError('NOT_FOUND', `gateway ${input.gatewayId} has not reported yet`);
    if (input.siteId !== null) {
      const site = await tx.select({ id: sites.id }).from(sites).where(eq(sites.id, input.siteId));
      if (!site[0])
        throw new AppError('VALIDATION_FAILED', `no site ${input.siteId}`, {
          issues: [{ path: 'siteId', message: `no site ${input.siteId}` }],
        });
    }
    const [row] = await tx
      .update(gateways)
      .set({ siteId: input.siteId })
      .where(eq(gateways.id, input.gatewayId))
      .returning();
    return row as NonNullable<typeof row>;
  });
}

/**
 * Refuses an alert for a site other than the one its gateway is bound to (an unbound or unknown
 * gateway may file for any site): a misconfigured or stolen gateway must not open work elsewhere.
 */
export async function checkGatewaySite(
  ctx: ServiceContext,
  tx: Db,
  alert: { gatewayId: string; siteId: string },
): Promise<void> {
  const { gateways } = ctx.db.t;
  const [row] = await tx
    .select({ siteId: gateways.siteId })
    .from(gateways)
    .where(eq(gateways.id, alert.gatewayId));
  if (!row?.siteId || row.siteId === alert.siteId) return;
  const message = `gateway ${alert.gatewayId} serves site ${row.siteId}`;
  throw new AppError('VALIDATION_FAILED', `${message}, not ${alert.siteId}`, {
    issues: [{ path: 'siteId', message }],
  });
}

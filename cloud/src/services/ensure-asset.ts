import { AppError } from '@pdm/shared';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import type { ServiceContext } from './context.js';

/** Criticality given to an asset first seen in an alert, until an admin sets it. */
export const DEFAULT_CRITICALITY = 3;

/**
 * Registers the site and asset of an alert if they are new (idempotent, race-free) and returns the
 * asset's criticality. An asset id is global and belongs to one site: an alert naming a known asset
 * under another site is refused (a misconfigured gateway must not file work at the wrong plant).
 */
export async function ensureAsset(
  ctx: ServiceContext,
  tx: Db,
  ids: { siteId: string; assetId: string },
): Promise<number> {
  const { sites, assets } = ctx.db.t;
  const now = ctx.clock.now();
  const found = await tx
    .select({ criticality: assets.criticality, siteId: assets.siteId })
    .from(assets)
    .where(eq(assets.id, ids.assetId));
  if (found[0]) {
    if (found[0].siteId !== ids.siteId) throw wrongSite(ids, found[0].siteId);
    return found[0].criticality;
  }
  await tx
    .insert(sites)
    .values({ id: ids.siteId, name: ids.siteId, latitude: null, longitude: null, createdAt: now })
    .onConflictDoNothing();
  await tx
    .insert(assets)
    .values({
      id: ids.assetId,
      siteId: ids.siteId,
      name: ids.assetId,
      type: 'unknown',
      criticality: DEFAULT_CRITICALITY,
      createdAt: now,
    })
    .onConflictDoNothing();
  const row = await tx
    .select({ criticality: assets.criticality, siteId: assets.siteId })
    .from(assets)
    .where(eq(assets.id, ids.assetId));
  // A concurrent insert under another site may have won the race.
  if (row[0] && row[0].siteId !== ids.siteId) throw wrongSite(ids, row[0].siteId);
  return row[0]?.criticality ?? DEFAULT_CRITICALITY;
}

function wrongSite(ids: { siteId: string; assetId: string }, actual: string): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    `asset ${ids.assetId} belongs to site ${actual}, not ${ids.siteId}`,
    {
      issues: [{ path: 'siteId', message: `asset ${ids.assetId} belongs to site ${actual}` }],
    },
  );
}

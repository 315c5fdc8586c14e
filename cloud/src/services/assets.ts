// Use cases on the plant register: sites (with coordinates) and assets (type, criticality, site).
import { AppError } from '@pdm/shared';
import { asc, eq } from 'drizzle-orm';
import type { UseCase } from './context.js';

export interface SiteInput {
  id: string;
  name: string;
  latitude: number | null;
  longitude: number | null;
}

export interface AssetInput {
  id: string;
  siteId: string;
  name: string;
  type: string;
  criticality: number;
}

export async function putSite({
  ctx,
  input,
}: UseCase<SiteInput>): Promise<SiteInput & { createdAt: number }> {
  const { sites } = ctx.db.t;
  const createdAt = ctx.clock.now();
  return ctx.db.tx(async (tx) => {
    const { id, ...fields } = input;
    const rows = await tx
      .insert(sites)
      .values({ ...input, createdAt })
      .onConflictDoUpdate({ target: sites.id, set: fields })
      .returning();
    return rows[0] ?? { ...input, createdAt };
  });
}

export async function putAsset({
  ctx,
  input,
}: UseCase<AssetInput>): Promise<AssetInput & { createdAt: number }> {
  const { sites, assets } = ctx.db.t;
  const createdAt = ctx.clock.now();
  return ctx.db.tx(async (tx) => {
    const site = await tx.select({ id: sites.id }).from(sites).where(eq(sites.id, input.siteId));
    if (!site[0]) {
      throw new AppError('VALIDATION_FAILED', `site ${input.siteId} does not exist`, {
        issues: [{ path: 'body.siteId', message: 'unknown site' }],
      });
    }
    const { id, ...fields } = input;
    const rows = await tx
      .insert(assets)
      .values({ ...input, createdAt })
      .onConflictDoUpdate({ target: assets.id, set: fields })
      .returning();
    return rows[0] ?? { ...input, createdAt };
  });
}

export async function listAssets({ ctx }: UseCase<Record<string, never>>) {
  const { assets, sites } = ctx.db.t;
  return ctx.db.read(async (db) => ({
    sites: await db.select().from(sites).orderBy(asc(sites.id)),
    assets: await db.select().from(assets).orderBy(asc(assets.id)),
  }));
}

export async function listGateways({ ctx }: UseCase<Record<string, never>>) {
  const { gateways } = ctx.db.t;
  return ctx.db.read((db) => db.select().from(gateways).orderBy(asc(gateways.id)));
}

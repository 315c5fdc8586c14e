// Use case: the plant register, sites and assets.
import { asc } from 'drizzle-orm';
import type { UseCase } from './context.js';

export async function listAssets({ ctx }: UseCase<Record<string, never>>) {
  const { assets, sites } = ctx.db.t;
  return ctx.db.read(async (db) => ({
    sites: await db.select().from(sites).orderBy(asc(sites.id)),
    assets: await db.select().from(assets).orderBy(asc(assets.id)),
  }));
}

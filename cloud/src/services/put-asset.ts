// Use case: create or update an asset (site, type, criticality).
import { AppError } from '@pdm/shared';
import { eq } from 'drizzle-orm';
import type { UseCase } from './context.js';

export interface AssetInput {
  id: string;
  siteId: string;
  name: string;
  type: string;
  criticality: number;
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

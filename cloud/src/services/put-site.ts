// Use case: create or update a site (name and coordinates).
import type { UseCase } from './context.js';

export interface SiteInput {
  id: string;
  name: string;
  latitude: number | null;
  longitude: number | null;
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

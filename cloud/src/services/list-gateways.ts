// Use case: every gateway with its last status and staleness.
import { asc } from 'drizzle-orm';
import type { UseCase } from './context.js';

export async function listGateways({ ctx }: UseCase<Record<string, never>>) {
  const { gateways } = ctx.db.t;
  return ctx.db.read((db) => db.select().from(gateways).orderBy(asc(gateways.id)));
}

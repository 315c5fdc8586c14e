// Use case: the newest rejected messages, with the reason each was rejected.
import { desc } from 'drizzle-orm';
import type { UseCase } from './context.js';

export async function listDeadLetters({ ctx, input }: UseCase<{ limit: number }>) {
  const { deadLetters } = ctx.db.t;
  return ctx.db.read((db) => db.select().from(deadLetters).orderBy(desc(deadLetters.id)).limit(input.limit));
}

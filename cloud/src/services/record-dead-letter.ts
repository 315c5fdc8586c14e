import { count, gt } from 'drizzle-orm';
import type { UseCase } from './context.js';

/** Kept of a rejected payload: enough to see what it was without storing a flood. */
export const MAX_DEAD_LETTER_BYTES = 4_096;
/** A flood of bad messages keeps a sample: at most this many dead letters per minute. */
export const MAX_DEAD_LETTERS_PER_MINUTE = 100;

export interface DeadLetterInput {
  source: 'mqtt' | 'http';
  topic: string | null;
  reason: string;
  payload: string;
}

/** Keeps a rejected message with the reason it was rejected; false when the sample is full. */
export async function recordDeadLetter({ ctx, input }: UseCase<DeadLetterInput>): Promise<boolean> {
  const { deadLetters } = ctx.db.t;
  const now = ctx.clock.now();
  return ctx.db.tx(async (tx) => {
    const [recent] = await tx
      .select({ n: count() })
      .from(deadLetters)
      .where(gt(deadLetters.at, now - 60_000));
    if (Number(recent?.n ?? 0) >= MAX_DEAD_LETTERS_PER_MINUTE) return false;
    await tx.insert(deadLetters).values({
      id: ctx.newId(),
      at: now,
      source: input.source,
      topic: input.topic,
      reason: input.reason.slice(0, 1_000),
      payload: input.payload.slice(0, MAX_DEAD_LETTER_BYTES),
    });
    return true;
  });
}

import type { UseCase } from './context.js';

/** Kept of a rejected payload: enough to see what it was without storing a flood. */
export const MAX_DEAD_LETTER_BYTES = 4_096;

export interface DeadLetterInput {
  source: 'mqtt' | 'http';
  topic: string | null;
  reason: string;
  payload: string;
}

/** Keeps a rejected message with the reason it was rejected. */
export async function recordDeadLetter({ ctx, input }: UseCase<DeadLetterInput>): Promise<void> {
  await ctx.db.tx(async (tx) => {
    await tx.insert(ctx.db.t.deadLetters).values({
      id: ctx.newId(),
      at: ctx.clock.now(),
      source: input.source,
      topic: input.topic,
      reason: input.reason.slice(0, 1_000),
      payload: input.payload.slice(0, MAX_DEAD_LETTER_BYTES),
    });
  });
}

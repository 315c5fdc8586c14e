// Use case: one job plan.
import { AppError } from '@pdm/shared';
import { eq } from 'drizzle-orm';
import type { UseCase } from './context.js';
import type { JobPlan } from './list-job-plans.js';

export async function getJobPlan({ ctx, input }: UseCase<{ id: string }>): Promise<JobPlan> {
  const { jobPlans } = ctx.db.t;
  const rows = await ctx.db.read((db) => db.select().from(jobPlans).where(eq(jobPlans.id, input.id)));
  if (!rows[0]) throw new AppError('NOT_FOUND', `job plan ${input.id} not found`, { id: input.id });
  return rows[0];
}

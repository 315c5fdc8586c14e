// Use case: every job plan, by id.
import { asc } from 'drizzle-orm';
import type { JobPlanSpec } from '../domain/job-plan-seed.js';
import type { UseCase } from './context.js';

/** A job plan as stored: the spec plus who changed it last, and when. */
export interface JobPlan extends JobPlanSpec {
  updatedAt: number;
  updatedBy: string;
}

export async function listJobPlans({ ctx }: UseCase<Record<string, never>>): Promise<JobPlan[]> {
  const { jobPlans } = ctx.db.t;
  return ctx.db.read((db) => db.select().from(jobPlans).orderBy(asc(jobPlans.id)));
}

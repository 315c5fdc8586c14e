// Use case: create or replace the job plan of a failure mode.
import { AppError } from '@pdm/shared';
import { eq } from 'drizzle-orm';
import type { JobPlanSpec } from '../domain/job-plan-seed.js';
import type { Actor, UseCase } from './context.js';
import type { JobPlan } from './list-job-plans.js';

/** Creates or replaces a job plan; one plan per failure mode (409 when another plan has it). */
export async function putJobPlan({
  ctx,
  input,
}: UseCase<{ actor: Actor; plan: JobPlanSpec }>): Promise<{ plan: JobPlan; created: boolean }> {
  const { jobPlans } = ctx.db.t;
  const now = ctx.clock.now();
  return ctx.db.tx(async (tx) => {
    const owner = (
      await tx
        .select({ id: jobPlans.id })
        .from(jobPlans)
        .where(eq(jobPlans.failureMode, input.plan.failureMode))
    )[0];
    if (owner && owner.id !== input.plan.id) {
      throw new AppError(
        'CONFLICT',
        `failure mode ${input.plan.failureMode} already has job plan ${owner.id}`,
        {
          issues: [{ path: 'body.failureMode', message: `already planned by ${owner.id}` }],
        },
      );
    }
    const row = { ...input.plan, updatedAt: now, updatedBy: input.actor.id };
    const existing = (
      await tx.select({ id: jobPlans.id }).from(jobPlans).where(eq(jobPlans.id, input.plan.id))
    )[0];
    if (existing) await tx.update(jobPlans).set(row).where(eq(jobPlans.id, input.plan.id));
    else await tx.insert(jobPlans).values(row);
    return { plan: row, created: !existing };
  });
}

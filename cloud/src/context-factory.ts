import { randomInt } from 'node:crypto';
import { type Clock, createUlidFactory } from '@pdm/shared';
import type { CloudConfig } from './config.js';
import type { Database } from './db/database.js';
import { DEFAULT_POLICY, type PlanningPolicy } from './domain/policy.js';
import type { ServiceContext } from './services/context.js';

export function policyFrom(config: CloudConfig): PlanningPolicy {
  const p = config.policy;
  return {
    ...DEFAULT_POLICY,
    safetyMarginMs: p.safetyMarginMs,
    proposalSlaMs: p.proposalSlaMs,
    autoCancelOnClear: p.autoCancelOnClear,
    autoApprove: {
      enabled: p.autoApprove,
      minCriticality: p.autoApproveMinCriticality,
      minConfidence: p.autoApproveMinConfidence,
    },
  };
}

/** Builds the service context: ids are ULIDs at the clock's time with cryptographic randomness. */
export function createServiceContext(input: {
  db: Database;
  clock: Clock;
  config: CloudConfig;
}): ServiceContext {
  const ulid = createUlidFactory(() => randomInt(0, 2 ** 32) / 2 ** 32);
  return {
    db: input.db,
    clock: input.clock,
    newId: () => ulid(Math.max(0, Math.floor(input.clock.now()))),
    policy: policyFrom(input.config),
  };
}

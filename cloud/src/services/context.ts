import type { Clock } from '@pdm/shared';
import type { Database } from '../db/database.js';
import type { PlanningPolicy } from '../domain/policy.js';

/** Everything a use case needs, built once by the composition root. */
export interface ServiceContext {
  db: Database;
  clock: Clock;
  /** A new ULID at the clock's time. */
  newId: () => string;
  policy: PlanningPolicy;
}

export type Role = 'admin' | 'planner' | 'technician' | 'gateway';
export const ROLES: readonly Role[] = ['admin', 'planner', 'technician', 'gateway'];

/** Who is calling: a person (user id) or a gateway (gateway id). */
export interface Actor {
  id: string;
  role: Role;
}

export interface UseCase<I> {
  ctx: ServiceContext;
  input: I;
}

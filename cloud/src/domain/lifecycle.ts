import {
  AppError,
  canTransition,
  OPEN_WORK_ORDER_STATUSES,
  WORK_ORDER_TRANSITIONS,
  type WorkOrderStatus,
} from '@pdm/shared';

/** Throws ILLEGAL_TRANSITION (409) naming the statuses allowed from `from`. */
export function assertTransition(from: WorkOrderStatus, to: WorkOrderStatus): void {
  if (canTransition(from, to)) return;
  const allowed = WORK_ORDER_TRANSITIONS[from];
  throw new AppError('ILLEGAL_TRANSITION', `cannot move a work order from ${from} to ${to}`, {
    from,
    to,
    allowed,
  });
}

export type ActorRole = 'admin' | 'planner' | 'technician' | 'gateway' | 'system';

/** Statuses a technician may set on their own job; planners and admins may set any legal one. */
const TECHNICIAN_TARGETS: readonly WorkOrderStatus[] = ['in_progress', 'awaiting_parts', 'completed'];

export function roleMaySet(role: ActorRole, to: WorkOrderStatus): boolean {
  if (role === 'admin' || role === 'planner' || role === 'system') return true;
  if (role === 'technician') return TECHNICIAN_TARGETS.includes(to);
  return false;
}

/** An order still collecting alerts holds the open key `asset/failureMode`. */
export function isOpenStatus(status: WorkOrderStatus): boolean {
  return OPEN_WORK_ORDER_STATUSES.includes(status);
}

export function openKey(assetId: string, failureMode: string): string {
  return `${assetId}/${failureMode}`;
}

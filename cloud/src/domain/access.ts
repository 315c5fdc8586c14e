import { AppError } from '@pdm/shared';

/** Object-level rule: a technician reads and touches only the jobs assigned to them. */
export function assertMayTouch(
  actor: { id: string; role: string },
  order: { id: string; assigneeId: string | null },
): void {
  if (actor.role === 'technician' && order.assigneeId !== actor.id) {
    throw new AppError('FORBIDDEN', `work order ${order.id} is not assigned to you`, { id: order.id });
  }
}

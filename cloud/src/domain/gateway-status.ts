// Which gateway status wins (pure). Statuses are ordered by their own `ts`, except the last will:
// the broker publishes it only after the connection died, so it comes after every status sent on
// that connection although its `ts` is the connect time. A will therefore applies unless the stored
// status comes from a later connection (a newer `session`).
import type { GatewayStatus } from '@pdm/shared';

export interface StoredGatewayStatus {
  statusAt: number;
  sessionAt: number | null;
}

export interface GatewayStatusDecision {
  /** What to store as `statusAt`: never moves back, so later statuses of a dead session lose. */
  statusAt: number;
  sessionAt: number | null;
}

/** The fields to store for `status`, or null when the stored status is newer and must stay. */
export function decideGatewayStatus(
  stored: StoredGatewayStatus | undefined,
  status: GatewayStatus,
): GatewayStatusDecision | null {
  const session = status.session ?? null;
  if (!stored) return { statusAt: status.ts, sessionAt: session };
  if (status.lastWill && status.state === 'offline') {
    const fromLaterSession = stored.sessionAt !== null && (session === null || stored.sessionAt > session);
    if (fromLaterSession) return null;
    return { statusAt: Math.max(stored.statusAt, status.ts), sessionAt: session ?? stored.sessionAt };
  }
  if (stored.statusAt >= status.ts) return null;
  return { statusAt: status.ts, sessionAt: session };
}

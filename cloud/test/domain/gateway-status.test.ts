import type { GatewayStatus } from '@pdm/shared';
import { describe, expect, it } from 'vitest';
import { decideGatewayStatus } from '../../src/domain/gateway-status.js';

const S1 = 1_000;
const S2 = 5_000;
const status = (state: GatewayStatus['state'], ts: number, session?: number): GatewayStatus => ({
  gatewayId: 'gw',
  state,
  ts,
  counters: {},
  ...(session === undefined ? {} : { session }),
});
const will = (session: number): GatewayStatus => ({ ...status('offline', session, session), lastWill: true });

describe('which gateway status wins', () => {
  it('orders ordinary statuses by ts', () => {
    expect(decideGatewayStatus(undefined, status('online', 10, S1))).toEqual({ statusAt: 10, sessionAt: S1 });
    expect(decideGatewayStatus({ statusAt: 20, sessionAt: S1 }, status('offline', 10, S1))).toBeNull();
    expect(decideGatewayStatus({ statusAt: 20, sessionAt: S1 }, status('online', 20, S1))).toBeNull();
    expect(decideGatewayStatus({ statusAt: 20, sessionAt: S1 }, status('online', 30, S1))).toEqual({
      statusAt: 30,
      sessionAt: S1,
    });
  });

  it("applies the last will after its own session's newer statuses, keeping the newest statusAt", () => {
    expect(decideGatewayStatus({ statusAt: S1 + 60_000, sessionAt: S1 }, will(S1))).toEqual({
      statusAt: S1 + 60_000,
      sessionAt: S1,
    });
    // A status of that dead session arriving after its will does not bring it back online.
    expect(
      decideGatewayStatus({ statusAt: S1 + 60_000, sessionAt: S1 }, status('online', S1 + 30_000, S1)),
    ).toBeNull();
    // Stored before sessions were recorded: the will applies.
    expect(decideGatewayStatus({ statusAt: S1 + 10, sessionAt: null }, will(S1))).not.toBeNull();
  });

  it("ignores a late will of an earlier session once a later session's status is stored", () => {
    expect(decideGatewayStatus({ statusAt: S2 + 10, sessionAt: S2 }, will(S1))).toBeNull();
    expect(decideGatewayStatus({ statusAt: S2 + 10, sessionAt: S2 }, will(S2))).not.toBeNull();
  });

  it('treats an offline status without the will mark as an ordinary status', () => {
    expect(decideGatewayStatus({ statusAt: S1 + 10, sessionAt: S1 }, status('offline', S1, S1))).toBeNull();
  });
});

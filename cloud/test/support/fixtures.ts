import { type Alert, createUlidFactory, seededRandom } from '@pdm/shared';

export const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);

/** Alerts with deterministic ids; each call gets the next id. */
export function alertFactory(seed = 1) {
  const ulid = createUlidFactory(seededRandom(seed));
  let n = 0;
  return (overrides: Partial<Alert> = {}): Alert => {
    n += 1;
    const observedAt = overrides.observedAt ?? T0 + n * 1_000;
    return {
      id: ulid(observedAt),
      gatewayId: 'gw-1',
      siteId: 'plant-1',
      assetId: 'pump-02',
      source: 'rule',
      ruleOrModel: 'vib-rms-high',
      version: '1',
      failureMode: 'bearing_wear',
      severity: 'warning',
      state: 'open',
      openedAt: Math.min(observedAt, overrides.openedAt ?? observedAt),
      observedAt,
      score: 7.5,
      threshold: 6,
      evidence: {
        vib_rms: [
          [observedAt - 1_000, 6.8],
          [observedAt, 7.5],
        ],
      },
      ...overrides,
    };
  };
}

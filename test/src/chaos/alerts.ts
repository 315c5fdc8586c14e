// Valid alerts made by hand, for the cloud-side tests (ingest over HTTP, replays, abuse).
import { randomInt } from 'node:crypto';
import { type Alert, createUlidFactory } from '@pdm/shared';
import { FAULT_MODE, GATEWAY_ID, SITE_ID } from './edge-config.js';

const mintId = createUlidFactory(() => randomInt(0, 2 ** 32) / 2 ** 32);

export function makeAlert(assetId: string, overrides: Partial<Alert> = {}): Alert {
  const now = Date.now();
  return {
    id: mintId(now),
    gatewayId: GATEWAY_ID,
    siteId: SITE_ID,
    assetId,
    source: 'rule',
    ruleOrModel: 'temp-high',
    version: '1',
    failureMode: FAULT_MODE,
    severity: 'major',
    state: 'open',
    openedAt: now - 1_000,
    observedAt: now,
    score: 150,
    threshold: 100,
    evidence: { temp: [[now - 1_000, 150]] },
    ...overrides,
  };
}

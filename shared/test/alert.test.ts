import { describe, expect, it } from 'vitest';
import {
  AlertSchema,
  canTransition,
  createUlidFactory,
  GatewayStatusSchema,
  seededRandom,
  WorkOrderSchema,
} from '../src/index.js';

const TS = Date.UTC(2026, 0, 1);
const newId = createUlidFactory(seededRandom(1));

function alert(overrides: Record<string, unknown> = {}) {
  return {
    id: newId(TS),
    gatewayId: 'gw-1',
    siteId: 'plant-a',
    assetId: 'pump-01',
    source: 'rule',
    ruleOrModel: 'vib-high',
    version: '1',
    failureMode: 'bearing_wear',
    severity: 'warning',
    state: 'open',
    openedAt: TS,
    observedAt: TS + 1000,
    score: 7.4,
    threshold: 7,
    evidence: {
      vib_rms: [
        [TS, 7.1],
        [TS + 1000, 7.4],
      ],
    },
    ...overrides,
  };
}

describe('alert schema', () => {
  it('accepts a full alert, with a prediction', () => {
    expect(AlertSchema.safeParse(alert()).success).toBe(true);
    const p = { p10: TS + 1e6, p50: TS + 2e6, p90: TS + 3e6 };
    expect(AlertSchema.safeParse(alert({ source: 'rul', predictedFailureAt: p })).success).toBe(true);
  });

  const rejected: [string, Record<string, unknown>][] = [
    ['a non-ULID id', { id: 'abc' }],
    ['an unknown source', { source: 'magic' }],
    ['an unknown state', { state: 'closed' }],
    ['observedAt before openedAt', { observedAt: TS - 1 }],
    ['quantiles out of order', { predictedFailureAt: { p10: TS + 3, p50: TS + 2, p90: TS + 1 } }],
    ['an infinite score', { score: Number.POSITIVE_INFINITY }],
    ['a bad asset id', { assetId: 'pump 01' }],
    ['an unknown field', { sneaky: 1 }],
    ['evidence with a bad point', { evidence: { vib: [[TS, 'x']] } }],
  ];
  it.each(rejected)('rejects %s', (_name, overrides) => {
    expect(AlertSchema.safeParse(alert(overrides)).success).toBe(false);
  });
});

describe('ULIDs', () => {
  it('are monotonic within one millisecond and across a clock that went back', () => {
    const mint = createUlidFactory(seededRandom(42));
    const ids = [mint(TS), mint(TS), mint(TS), mint(TS - 5), mint(TS + 1)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
  it('are deterministic for a seed', () => {
    expect(createUlidFactory(seededRandom(3))(TS)).toBe(createUlidFactory(seededRandom(3))(TS));
  });
  it('refuse times outside 48 bits', () => {
    expect(() => createUlidFactory(seededRandom(1))(-1)).toThrow(RangeError);
  });
});

describe('gateway status and work order schemas', () => {
  it('gateway status defaults counters and rejects unknown states', () => {
    expect(GatewayStatusSchema.parse({ gatewayId: 'gw', state: 'online', ts: TS }).counters).toEqual({});
    expect(GatewayStatusSchema.safeParse({ gatewayId: 'gw', state: 'up', ts: TS }).success).toBe(false);
  });
  it('work orders need a known status and a priority 1-5', () => {
    const wo = {
      id: newId(TS),
      siteId: 's',
      assetId: 'a',
      failureMode: 'f',
      title: 't',
      status: 'proposed',
      priority: 2,
      severity: 'major',
      createdAt: TS,
      updatedAt: TS,
      dueAt: null,
      predictedFailureAt: null,
      alertCount: 1,
      firstAlertAt: TS,
      lastAlertAt: TS,
      alertCleared: false,
      assigneeId: null,
      jobPlanId: null,
    };
    expect(WorkOrderSchema.safeParse(wo).success).toBe(true);
    expect(WorkOrderSchema.safeParse({ ...wo, priority: 0 }).success).toBe(false);
    expect(WorkOrderSchema.safeParse({ ...wo, status: 'done' }).success).toBe(false);
  });
  it('the lifecycle allows only its transitions', () => {
    expect(canTransition('proposed', 'approved')).toBe(true);
    expect(canTransition('proposed', 'completed')).toBe(false);
    expect(canTransition('closed', 'proposed')).toBe(false);
  });
});

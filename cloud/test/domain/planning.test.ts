import { DAY, HOUR } from '@pdm/shared';
import { describe, expect, it } from 'vitest';
import { correlate, type OpenOrderState } from '../../src/domain/correlation.js';
import { dueDate, predictionConfidence } from '../../src/domain/due-date.js';
import { assertTransition, roleMaySet } from '../../src/domain/lifecycle.js';
import { DEFAULT_POLICY } from '../../src/domain/policy.js';
import { computePriority } from '../../src/domain/priority.js';
import { alertFactory, T0 } from '../support/fixtures.js';

describe('priority', () => {
  it.each([
    { criticality: 5, severity: 'critical', dueIn: 0.5 * DAY, expected: 1 },
    { criticality: 5, severity: 'major', dueIn: 2 * DAY, expected: 2 },
    { criticality: 3, severity: 'warning', dueIn: 7 * DAY, expected: 4 },
    { criticality: 1, severity: 'info', dueIn: 30 * DAY, expected: 5 },
    { criticality: 1, severity: 'critical', dueIn: 0.5 * DAY, expected: 2 },
  ] as const)(
    'criticality $criticality, $severity, due in $dueIn ms -> $expected',
    ({ criticality, severity, dueIn, expected }) => {
      expect(computePriority({ criticality, severity, dueAt: T0 + dueIn, now: T0 })).toBe(expected);
    },
  );

  it('never leaves 1..5 for out-of-range criticality', () => {
    expect(computePriority({ criticality: 99, severity: 'critical', dueAt: T0, now: T0 })).toBe(1);
    expect(computePriority({ criticality: -4, severity: 'info', dueAt: T0 + 99 * DAY, now: T0 })).toBe(5);
  });
});

describe('due date', () => {
  it('is p10 minus the safety margin, never before the alert', () => {
    const predicted = { p10: T0 + 3 * DAY, p50: T0 + 4 * DAY, p90: T0 + 6 * DAY };
    expect(dueDate({ predicted, severity: 'warning', observedAt: T0, policy: DEFAULT_POLICY })).toBe(
      T0 + 3 * DAY - 24 * HOUR,
    );
    const soon = { p10: T0 + HOUR, p50: T0 + 2 * HOUR, p90: T0 + 3 * HOUR };
    expect(dueDate({ predicted: soon, severity: 'warning', observedAt: T0, policy: DEFAULT_POLICY })).toBe(
      T0,
    );
  });

  it('falls back to a default by severity without a prediction', () => {
    for (const [severity, offset] of Object.entries(DEFAULT_POLICY.defaultDueBySeverity)) {
      expect(
        dueDate({ predicted: null, severity: severity as 'info', observedAt: T0, policy: DEFAULT_POLICY }),
      ).toBe(T0 + offset);
    }
  });

  it('rates a narrow prediction band as confident', () => {
    expect(
      predictionConfidence({ p10: T0 + 9 * DAY, p50: T0 + 10 * DAY, p90: T0 + 11 * DAY }, T0),
    ).toBeCloseTo(0.8);
    expect(predictionConfidence({ p10: T0 + DAY, p50: T0 + 2 * DAY, p90: T0 + 9 * DAY }, T0)).toBe(0);
  });
});

describe('correlation', () => {
  const next = alertFactory(4);
  const open: OpenOrderState = {
    status: 'proposed',
    priority: 3,
    severity: 'major',
    dueAt: T0 + 2 * DAY,
    predicted: null,
    alertCount: 2,
    firstAlertAt: T0,
    lastAlertAt: T0 + 10_000,
    alertCleared: false,
  };
  const base = { criticality: 3, policy: DEFAULT_POLICY, now: T0 };

  it('creates a proposal for a new asset and failure mode, ignores a lone clear', () => {
    expect(correlate({ ...base, alert: next(), open: null })).toMatchObject({
      kind: 'create',
      autoApprove: false,
    });
    expect(correlate({ ...base, alert: next({ state: 'cleared' }), open: null }).kind).toBe('ignore');
  });

  it('joins the open order: counts, keeps the worst severity, never pushes the due date out', () => {
    const plan = correlate({ ...base, alert: next({ severity: 'info', observedAt: T0 + 20_000 }), open });
    expect(plan).toMatchObject({
      kind: 'join',
      cancel: false,
      next: { alertCount: 3, severity: 'major', dueAt: T0 + 2 * DAY, priority: 3, lastAlertAt: T0 + 20_000 },
    });
  });

  it('marks a cleared proposal, cancels it only under the policy, and leaves approved orders alone', () => {
    const cleared = next({ state: 'cleared', observedAt: T0 + 20_000 });
    expect(correlate({ ...base, alert: cleared, open })).toMatchObject({
      next: { alertCleared: true },
      cancel: false,
    });
    const policy = { ...DEFAULT_POLICY, autoCancelOnClear: true };
    expect(correlate({ ...base, policy, alert: cleared, open })).toMatchObject({ cancel: true });
    expect(
      correlate({ ...base, policy, alert: cleared, open: { ...open, status: 'approved' } }),
    ).toMatchObject({
      next: { alertCleared: false },
      cancel: false,
    });
  });

  it('keeps the mark when an older alert arrives late', () => {
    const late = next({ state: 'update', observedAt: T0 + 5_000 });
    expect(correlate({ ...base, alert: late, open: { ...open, alertCleared: true } })).toMatchObject({
      next: { alertCleared: true },
    });
  });
});

describe('lifecycle', () => {
  it('lists the allowed statuses in an illegal transition', () => {
    expect(() => assertTransition('closed', 'in_progress')).toThrowError(/closed to in_progress/);
    try {
      assertTransition('approved', 'closed');
    } catch (err) {
      expect(err).toMatchObject({
        code: 'ILLEGAL_TRANSITION',
        details: { allowed: ['scheduled', 'awaiting_parts', 'cancelled'] },
      });
    }
    expect(() => assertTransition('proposed', 'approved')).not.toThrow();
  });

  it('lets technicians set only work statuses', () => {
    expect(roleMaySet('technician', 'completed')).toBe(true);
    expect(roleMaySet('technician', 'approved')).toBe(false);
    expect(roleMaySet('gateway', 'approved')).toBe(false);
    expect(roleMaySet('planner', 'closed')).toBe(true);
  });
});

import type { WorkOrder } from '@pdm/shared';
import { describe, expect, it } from 'vitest';
import { deadlineOf, rankByRisk, riskScore } from '../../src/web/app/risk.js';

const NOW = Date.UTC(2026, 10, 20, 12);
const HOUR = 3_600_000;

function order(id: string, over: Partial<WorkOrder>): WorkOrder {
  return {
    id: id.padEnd(26, '0'),
    siteId: 's1',
    assetId: 'pump-1',
    failureMode: 'bearing',
    title: 't',
    status: 'proposed',
    priority: 3,
    severity: 'warning',
    createdAt: NOW,
    updatedAt: NOW,
    dueAt: null,
    predictedFailureAt: null,
    alertCount: 1,
    firstAlertAt: NOW,
    lastAlertAt: NOW,
    alertCleared: false,
    assigneeId: null,
    jobPlanId: null,
    ...over,
  };
}

describe('risk ranking', () => {
  it('takes the earlier of the pessimistic failure time and the due date', () => {
    const p = { p10: NOW + 5 * HOUR, p50: NOW + 9 * HOUR, p90: NOW + 20 * HOUR };
    expect(deadlineOf(order('A', { dueAt: NOW + 2 * HOUR, predictedFailureAt: p }))).toBe(NOW + 2 * HOUR);
    expect(deadlineOf(order('A', { predictedFailureAt: p }))).toBe(NOW + 5 * HOUR);
    expect(deadlineOf(order('A', {}))).toBeNull();
  });

  it('blends priority, time to failure and severity: an imminent failure outranks a distant P1', () => {
    const orders = [
      order('A', { priority: 3, dueAt: NOW + 200 * HOUR }),
      order('B', { priority: 1, dueAt: NOW + 200 * HOUR }),
      order('C', { priority: 3, dueAt: NOW + 2 * HOUR }),
      order('D', { priority: 3, dueAt: NOW + 200 * HOUR, severity: 'critical' }),
    ];
    expect(rankByRisk(orders, NOW).map((o) => o.id[0])).toEqual(['C', 'B', 'D', 'A']);
  });

  it('gives an overdue P1 critical order on a critical asset the full score, a P5 info order nothing', () => {
    expect(riskScore(order('A', { priority: 1, severity: 'critical', dueAt: NOW - HOUR }), NOW, 5)).toBe(100);
    expect(riskScore(order('A', { priority: 5, severity: 'info' }), NOW, 1)).toBe(0);
  });

  it('ranks the same order higher on a more critical asset', () => {
    const orders = [order('A', { assetId: 'fan-2' }), order('B', { assetId: 'pump-7' })];
    const crit: Record<string, number> = { 'fan-2': 1, 'pump-7': 5 };
    expect(rankByRisk(orders, NOW, (id) => crit[id]).map((o) => o.id[0])).toEqual(['B', 'A']);
    expect(riskScore(orders[0]!, NOW)).toBe(riskScore(orders[0]!, NOW, 3));
  });
});

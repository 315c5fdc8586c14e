import { describe, expect, it } from 'vitest';
import { type FleetRows, median, summarizeFleet } from '../../src/web/fleet-summary.js';

const NOW = Date.UTC(2026, 10, 20, 12);
const HOUR = 3_600_000;

function rows(over: Partial<FleetRows> = {}): FleetRows {
  return {
    now: NOW,
    assets: [
      { id: 'pump-7', siteId: 's', name: 'Pump', criticality: 5 },
      { id: 'fan-2', siteId: 's', name: 'Fan', criticality: 2 },
      { id: 'belt-1', siteId: 's', name: 'Belt', criticality: 3 },
    ],
    gateways: [
      { id: 'gw-1', state: 'online', stale: false, lastSeenAt: NOW },
      { id: 'gw-2', state: 'online', stale: true, lastSeenAt: NOW - 10 * HOUR },
      { id: 'gw-3', state: 'offline', stale: false, lastSeenAt: NOW - HOUR },
    ],
    orders: [
      { id: 'o1', assetId: 'pump-7', status: 'approved', severity: 'major', dueAt: NOW + HOUR },
      { id: 'o2', assetId: 'fan-2', status: 'proposed', severity: 'warning', dueAt: null },
      { id: 'o3', assetId: 'belt-1', status: 'completed', severity: 'critical', dueAt: NOW - 5 * HOUR },
      { id: 'o4', assetId: 'belt-1', status: 'closed', severity: 'warning', dueAt: NOW - HOUR },
      { id: 'o5', assetId: 'fan-2', status: 'rejected', severity: 'warning', dueAt: null },
    ],
    completions: [
      { workOrderId: 'o3', at: NOW - 4 * HOUR },
      { workOrderId: 'o4', at: NOW - 2 * HOUR },
    ],
    detections: [
      { workOrderId: 'o1', ruleOrModel: 'rul-bearing', source: 'rul', firstAt: NOW - 30 * HOUR },
      { workOrderId: 'o3', ruleOrModel: 'rul-bearing', source: 'rul', firstAt: NOW - 14 * HOUR },
      { workOrderId: 'o4', ruleOrModel: 'rul-bearing', source: 'rul', firstAt: NOW - 8 * HOUR },
      { workOrderId: 'o5', ruleOrModel: 'rul-bearing', source: 'rul', firstAt: NOW - 8 * HOUR },
      { workOrderId: 'o2', ruleOrModel: 'vib-high', source: 'rule', firstAt: NOW - HOUR },
    ],
    ...over,
  };
}

describe('fleet summary', () => {
  const f = summarizeFleet(rows());

  it('rates assets by their worst open order', () => {
    expect(Object.fromEntries(f.assets.map((a) => [a.id, a.health]))).toEqual({
      'pump-7': 'at_risk',
      'fan-2': 'watch',
      'belt-1': 'healthy',
    });
    expect(f.assets.find((a) => a.id === 'belt-1')!.openOrders).toBe(0);
  });

  it('counts gateways online, stale and offline', () => {
    expect(f.gateways).toMatchObject({ online: 1, stale: 1, offline: 1 });
  });

  it('counts orders by status', () => {
    expect(f.orders).toEqual({ approved: 1, proposed: 1, completed: 1, closed: 1, rejected: 1 });
  });

  it('measures SLA attainment over completed orders that had a due date', () => {
    expect(f.sla).toEqual({ completed: 2, onTime: 1, attainment: 0.5 });
  });

  it('gives each rule or model its acceptance and median lead time', () => {
    const rul = f.detectors.find((d) => d.ruleOrModel === 'rul-bearing')!;
    expect(rul).toMatchObject({ orders: 4, approved: 3, rejected: 1, acceptance: 0.75, completed: 2 });
    expect(rul.medianLeadTimeMs).toBe(8 * HOUR);
    const vib = f.detectors.find((d) => d.ruleOrModel === 'vib-high')!;
    expect(vib).toMatchObject({
      orders: 1,
      approved: 0,
      rejected: 0,
      acceptance: null,
      medianLeadTimeMs: null,
    });
  });

  it('handles an empty fleet', () => {
    const empty = summarizeFleet(
      rows({ assets: [], gateways: [], orders: [], completions: [], detections: [] }),
    );
    expect(empty.sla.attainment).toBeNull();
    expect(empty.detectors).toEqual([]);
  });

  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

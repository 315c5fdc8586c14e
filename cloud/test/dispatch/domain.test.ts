import { describe, expect, it } from 'vitest';
import {
  availableMinutes,
  clipShifts,
  earliestFit,
  haversineKm,
  haversineTravel,
  type Technician,
} from '../../src/domain/dispatch/index.js';

const HOUR = 3_600_000;
const day0 = Date.UTC(2026, 0, 5);

describe('travel model', () => {
  it('measures great-circle distance', () => {
    const paris = { lat: 48.8566, lon: 2.3522 };
    const london = { lat: 51.5074, lon: -0.1278 };
    expect(haversineKm(paris, london)).toBeGreaterThan(340);
    expect(haversineKm(paris, london)).toBeLessThan(346);
    expect(haversineKm(paris, paris)).toBe(0);
  });

  it('stretches by the road factor and divides by speed', () => {
    const a = { lat: 0, lon: 0 };
    const b = { lat: 0, lon: 1 };
    const km = haversineKm(a, b);
    expect(haversineTravel({ roadFactor: 1.5, speedKmh: 90 }).minutes(a, b)).toBeCloseTo(
      (km * 1.5 * 60) / 90,
      9,
    );
    expect(() => haversineTravel({ roadFactor: 0.5, speedKmh: 60 })).toThrow(RangeError);
  });
});

describe('shift calendar', () => {
  const tech: Technician = {
    id: 't1',
    skills: {},
    home: { lat: 0, lon: 0 },
    location: null,
    shifts: [
      { start: day0 + 8 * HOUR, end: day0 + 18 * HOUR },
      { start: day0 + 24 * HOUR + 8 * HOUR, end: day0 + 24 * HOUR + 12 * HOUR },
    ],
    dailyCapacityMin: 480,
    committedMin: 60,
    vanWarehouseId: null,
  };

  it('caps each day at the daily capacity and subtracts committed work', () => {
    expect(availableMinutes(tech, { start: day0, end: day0 + 48 * HOUR })).toBe(480 + 240 - 60);
    expect(availableMinutes(tech, { start: day0 + 17 * HOUR, end: day0 + 48 * HOUR })).toBe(60 + 240 - 60);
  });

  it('finds the first shift that holds the whole job after the parts are ready', () => {
    const shifts = clipShifts(tech.shifts, { start: day0, end: day0 + 48 * HOUR });
    expect(earliestFit(shifts, day0, 120)).toBe(day0 + 8 * HOUR);
    expect(earliestFit(shifts, day0 + 17 * HOUR, 120)).toBe(day0 + 32 * HOUR);
    expect(earliestFit(shifts, day0 + 17 * HOUR, 300)).toBeNull();
  });

  it('merges overlapping shifts', () => {
    const merged = clipShifts(
      [
        { start: 10, end: 20 },
        { start: 15, end: 30 },
        { start: 40, end: 50 },
      ],
      { start: 0, end: 45 },
    );
    expect(merged).toEqual([
      { start: 10, end: 30 },
      { start: 40, end: 45 },
    ]);
  });
});

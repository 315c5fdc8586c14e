import type { GeoPoint } from './types.js';

/** Travel time between two points. A routing service can implement the same port. */
export interface TravelModel {
  minutes(from: GeoPoint, to: GeoPoint): number;
}

export interface HaversineOptions {
  /** Road distance over great-circle distance; 1.3 is typical for regional roads. */
  roadFactor: number;
  /** Average driving speed. */
  speedKmh: number;
}

const EARTH_RADIUS_KM = 6371.0088;

export function haversineKm(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Great-circle distance stretched by a road factor, driven at a constant speed. */
export function haversineTravel(options: HaversineOptions): TravelModel {
  if (!(options.roadFactor >= 1) || !(options.speedKmh > 0)) {
    throw new RangeError('roadFactor must be >= 1 and speedKmh > 0');
  }
  return {
    minutes: (from, to) => (haversineKm(from, to) * options.roadFactor * 60) / options.speedKmh,
  };
}

export const DEFAULT_TRAVEL: HaversineOptions = { roadFactor: 1.3, speedKmh: 60 };

import { seededRandom } from '@pdm/shared';
import type {
  DispatchInstance,
  DispatchOrder,
  GeoPoint,
  StockLevel,
  Technician,
  Warehouse,
} from './types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface SampleSize {
  orders: number;
  technicians: number;
  warehouses: number;
  seed: number;
  /** Start of the plan; defaults to a Monday 06:00 UTC. */
  now?: number;
  days?: number;
  parts?: number;
  /** Share of part types a site warehouse stocks: 0.35 makes parts scarce, 0.6 is typical. */
  stockCoverage?: number;
}

export const SKILLS = [
  'mechanical',
  'electrical',
  'vibration',
  'hydraulics',
  'instrumentation',
  'welding',
] as const;

type Rng = () => number;
const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pickOne = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;
const near = (r: Rng, p: GeoPoint, km: number): GeoPoint => ({
  lat: p.lat + ((r() - 0.5) * 2 * km) / 111,
  lon: p.lon + ((r() - 0.5) * 2 * km) / 74,
});

function technician(r: Rng, i: number, sites: readonly GeoPoint[], size: Required<SampleSize>): Technician {
  const skills: Record<string, number> = {};
  for (const s of SKILLS) if (r() < 0.6) skills[s] = int(r, 1, 3);
  if (Object.keys(skills).length === 0) skills.mechanical = 2;
  const home = near(r, pickOne(r, sites), 15);
  const shifts = [];
  for (let d = 0; d < size.days; d++) {
    if (r() < 0.1) continue;
    const start = size.now + d * DAY + int(r, 1, 3) * HOUR;
    shifts.push({ start, end: start + 8 * HOUR });
  }
  return {
    id: `tech-${i}`,
    skills,
    home,
    location: r() < 0.5 ? near(r, home, 10) : null,
    shifts,
    dailyCapacityMin: 450,
    committedMin: 0,
    vanWarehouseId: `van-${i}`,
  };
}

function order(r: Rng, i: number, sites: readonly GeoPoint[], size: Required<SampleSize>): DispatchOrder {
  const site = int(r, 0, sites.length - 1);
  const required = new Map<string, number>();
  const skillCount = r() < 0.6 ? 1 : 2;
  while (required.size < skillCount) required.set(pickOne(r, SKILLS), r() < 0.5 ? 1 : int(r, 2, 3));
  const parts = new Map<string, number>();
  const partCount = r() < 0.4 ? 0 : int(r, 1, 2);
  while (parts.size < partCount) parts.set(`part-${int(r, 0, size.parts - 1)}`, int(r, 1, 2));
  const dueAt = size.now + Math.round((r() * 4 - 0.2) * DAY);
  return {
    id: `wo-${i}`,
    siteId: `site-${site}`,
    location: near(r, sites[site] as GeoPoint, 5),
    requiredSkills: [...required].map(([skill, level]) => ({ skill, level })),
    durationMin: int(r, 2, 12) * 15,
    priority: int(r, 1, 5),
    dueAt,
    predictedFailureAt: dueAt + int(r, 6, 48) * HOUR,
    parts: [...parts].map(([partId, qty]) => ({ partId, qty })),
    currentAssigneeId: null,
  };
}

function stockFor(r: Rng, warehouses: readonly Warehouse[], size: Required<SampleSize>): StockLevel[] {
  const parts = size.parts;
  const stock: StockLevel[] = [];
  for (const w of warehouses) {
    const van = w.technicianId !== null;
    for (let p = 0; p < parts; p++) {
      if (r() > (van ? 0.05 : size.stockCoverage)) continue;
      const onHand = int(r, 0, van ? 2 : 5);
      stock.push({
        warehouseId: w.id,
        partId: `part-${p}`,
        onHand,
        reserved: Math.min(onHand, int(r, 0, 1)),
      });
    }
  }
  return stock;
}

/** A seeded, plausible regional instance: sites around a city, shifts over a few days, scarce parts. */
export function sampleInstance(input: SampleSize): DispatchInstance {
  const size: Required<SampleSize> = {
    now: Date.UTC(2026, 0, 5, 6),
    days: 2,
    parts: 60,
    stockCoverage: 0.6,
    ...input,
  };
  const r = seededRandom(size.seed);
  const centre = { lat: 48.85, lon: 2.35 };
  const sites = Array.from({ length: size.warehouses }, () => near(r, centre, 60));
  const technicians = Array.from({ length: size.technicians }, (_, i) => technician(r, i, sites, size));
  const warehouses: Warehouse[] = [
    ...sites.map((location, i) => ({ id: `wh-${i}`, siteId: `site-${i}`, technicianId: null, location })),
    ...technicians.map((t) => ({
      id: t.vanWarehouseId as string,
      siteId: null,
      technicianId: t.id,
      location: t.home,
    })),
  ];
  return {
    now: size.now,
    horizonMs: size.days * DAY,
    orders: Array.from({ length: size.orders }, (_, i) => order(r, i, sites, size)),
    technicians,
    warehouses,
    stock: stockFor(r, warehouses, size),
    parts: Array.from({ length: size.parts }, (_, p) => ({
      id: `part-${p}`,
      reorderPoint: int(r, 1, 4),
      leadTimeMs: int(r, 1, 14) * DAY,
    })),
  };
}

/** Inputs and outputs of a dispatch run. Pure data: times are epoch milliseconds, durations minutes. */

export interface GeoPoint {
  lat: number;
  lon: number;
}

export interface SkillRequirement {
  skill: string;
  level: number;
}

/** A half-open interval of working time, `[start, end)`. */
export interface TimeWindow {
  start: number;
  end: number;
}

export interface Technician {
  id: string;
  /** Skill name -> level (1 = basic, higher = more expert). */
  skills: Readonly<Record<string, number>>;
  home: GeoPoint;
  /** Last known position (from the technician page); the home base when unknown. */
  location: GeoPoint | null;
  shifts: readonly TimeWindow[];
  /** At most this many working minutes per UTC day. */
  dailyCapacityMin: number;
  /** Minutes inside the horizon already taken by jobs this run does not move (in progress). */
  committedMin: number;
  vanWarehouseId: string | null;
}

export interface Warehouse {
  id: string;
  /** The site a fixed warehouse serves; null for vans. */
  siteId: string | null;
  /** The technician whose van this is; null for fixed warehouses. */
  technicianId: string | null;
  location: GeoPoint;
}

export interface StockLevel {
  warehouseId: string;
  partId: string;
  onHand: number;
  reserved: number;
}

export interface PartInfo {
  id: string;
  reorderPoint: number;
  /** Supplier lead time in milliseconds. */
  leadTimeMs: number;
}

export interface PartNeed {
  partId: string;
  qty: number;
}

export interface DispatchOrder {
  id: string;
  siteId: string;
  location: GeoPoint;
  requiredSkills: readonly SkillRequirement[];
  durationMin: number;
  /** 1 is the most urgent, 5 the least. */
  priority: number;
  dueAt: number | null;
  /** Pessimistic (p10) predicted failure time, when a model predicted one. */
  predictedFailureAt: number | null;
  parts: readonly PartNeed[];
  /** Technician the order is already assigned to (re-dispatch keeps it unless the gain is large). */
  currentAssigneeId: string | null;
}

export interface DispatchInstance {
  now: number;
  horizonMs: number;
  orders: readonly DispatchOrder[];
  technicians: readonly Technician[];
  warehouses: readonly Warehouse[];
  stock: readonly StockLevel[];
  parts: readonly PartInfo[];
}

export interface DispatchWeights {
  /** Cost per minute of travel. */
  travelPerMin: number;
  /** Cost per minute late, indexed by priority 1..5. */
  latenessPerMin: Readonly<Record<number, number>>;
  /** Cost per minute a technician's load exceeds their fair share. */
  fairnessPerMin: number;
  /** Cost per minute of moving parts from another warehouse. */
  transferPerMin: number;
  /** Cost of moving an already assigned order to someone else. */
  reassignPenalty: number;
  /** Base cost of leaving an order unassigned, times its lateness weight, on top of its dearest option. */
  unassignedBase: number;
}

export const DEFAULT_WEIGHTS: DispatchWeights = {
  travelPerMin: 1,
  latenessPerMin: { 1: 8, 2: 4, 3: 2, 4: 1, 5: 0.5 },
  fairnessPerMin: 0.5,
  transferPerMin: 0.2,
  reassignPenalty: 120,
  unassignedBase: 1440,
};

export type PartSourceKind = 'van' | 'site' | 'transfer';

/** Where one part line of an order comes from in a given option. */
export interface PartPick {
  partId: string;
  qty: number;
  warehouseId: string;
  kind: PartSourceKind;
  transferMin: number;
}

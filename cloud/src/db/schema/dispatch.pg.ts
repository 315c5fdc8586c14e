// Dispatch, parts and close-out tables, PostgreSQL dialect: the mirror of dispatch.ts.
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

export const technicians = pgTable('technicians', {
  /** The technician's user id. */
  id: text('id').primaryKey(),
  displayName: text('display_name').notNull(),
  skills: jsonb('skills').$type<Record<string, number>>().notNull(),
  homeLat: doublePrecision('home_lat').notNull(),
  homeLon: doublePrecision('home_lon').notNull(),
  lat: doublePrecision('lat'),
  lon: doublePrecision('lon'),
  locationAt: bigint('location_at', { mode: 'number' }),
  shifts: jsonb('shifts').$type<{ start: number; end: number }[]>().notNull(),
  dailyCapacityMin: integer('daily_capacity_min').notNull(),
  vanWarehouseId: text('van_warehouse_id'),
  available: boolean('available').notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
});

export const warehouses = pgTable('warehouses', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  siteId: text('site_id'),
  technicianId: text('technician_id'),
  lat: doublePrecision('lat').notNull(),
  lon: doublePrecision('lon').notNull(),
});

export const parts = pgTable('parts', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  reorderPoint: integer('reorder_point').notNull(),
  reorderQty: integer('reorder_qty').notNull(),
  leadTimeMs: bigint('lead_time_ms', { mode: 'number' }).notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
});

/** `reserved <= on_hand` and both >= 0, kept by conditional updates. */
export const stock = pgTable(
  'stock',
  {
    warehouseId: text('warehouse_id').notNull(),
    partId: text('part_id').notNull(),
    onHand: integer('on_hand').notNull(),
    reserved: integer('reserved').notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.warehouseId, t.partId] }), index('stock_part_idx').on(t.partId)],
);

export const reservations = pgTable(
  'reservations',
  {
    id: text('id').primaryKey(),
    workOrderId: text('work_order_id').notNull(),
    warehouseId: text('warehouse_id').notNull(),
    partId: text('part_id').notNull(),
    qty: integer('qty').notNull(),
    /** reserved | consumed | released */
    status: text('status').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('reservations_order_idx').on(t.workOrderId)],
);

export const purchaseRequests = pgTable(
  'purchase_requests',
  {
    id: text('id').primaryKey(),
    partId: text('part_id').notNull(),
    qty: integer('qty').notNull(),
    workOrderId: text('work_order_id'),
    /** open | received | cancelled */
    status: text('status').notNull(),
    reason: text('reason').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    expectedAt: bigint('expected_at', { mode: 'number' }).notNull(),
    lateForFailure: boolean('late_for_failure').notNull(),
    /** `part/order` (or `part/reorder`) while open: one open request per cause. */
    openKey: text('open_key'),
  },
  (t) => [uniqueIndex('purchase_requests_open_key_uq').on(t.openKey)],
);

/** The latest dispatch decision per order, with its explanation. */
export const assignments = pgTable('assignments', {
  workOrderId: text('work_order_id').primaryKey(),
  technicianId: text('technician_id').notNull(),
  runId: text('run_id').notNull(),
  startAt: bigint('start_at', { mode: 'number' }).notNull(),
  endAt: bigint('end_at', { mode: 'number' }).notNull(),
  explanation: jsonb('explanation').$type<Record<string, unknown>>().notNull(),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
});

export const dispatchRuns = pgTable('dispatch_runs', {
  id: text('id').primaryKey(),
  at: bigint('at', { mode: 'number' }).notNull(),
  trigger: text('trigger').notNull(),
  actor: text('actor').notNull(),
  solver: text('solver').notNull(),
  status: text('status').notNull(),
  objective: doublePrecision('objective').notNull(),
  bound: doublePrecision('bound').notNull(),
  gap: doublePrecision('gap').notNull(),
  heuristicObjective: doublePrecision('heuristic_objective').notNull(),
  solveMs: doublePrecision('solve_ms'),
  assigned: integer('assigned').notNull(),
  unassigned: integer('unassigned').notNull(),
  summary: jsonb('summary').$type<Record<string, unknown>>().notNull(),
});

export const closeOuts = pgTable('close_outs', {
  workOrderId: text('work_order_id').primaryKey(),
  technicianId: text('technician_id').notNull(),
  notes: text('notes').notNull(),
  minutesSpent: integer('minutes_spent').notNull(),
  failureConfirmed: boolean('failure_confirmed').notNull(),
  causeCode: text('cause_code').notNull(),
  partsUsed: jsonb('parts_used').$type<{ partId: string; qty: number }[]>().notNull(),
  photoType: text('photo_type'),
  photo: text('photo'),
  completedAt: bigint('completed_at', { mode: 'number' }).notNull(),
});

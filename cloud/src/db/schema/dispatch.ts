// Dispatch, parts and close-out tables, SQLite dialect (mirrored column for column in
// dispatch.pg.ts). Times are integer milliseconds since the Unix epoch.
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const technicians = sqliteTable('technicians', {
  /** The technician's user id. */
  id: text('id').primaryKey(),
  displayName: text('display_name').notNull(),
  skills: text('skills', { mode: 'json' }).$type<Record<string, number>>().notNull(),
  homeLat: real('home_lat').notNull(),
  homeLon: real('home_lon').notNull(),
  lat: real('lat'),
  lon: real('lon'),
  locationAt: integer('location_at'),
  shifts: text('shifts', { mode: 'json' }).$type<{ start: number; end: number }[]>().notNull(),
  dailyCapacityMin: integer('daily_capacity_min').notNull(),
  vanWarehouseId: text('van_warehouse_id'),
  available: integer('available', { mode: 'boolean' }).notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const warehouses = sqliteTable('warehouses', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  siteId: text('site_id'),
  technicianId: text('technician_id'),
  lat: real('lat').notNull(),
  lon: real('lon').notNull(),
});

export const parts = sqliteTable('parts', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  reorderPoint: integer('reorder_point').notNull(),
  reorderQty: integer('reorder_qty').notNull(),
  leadTimeMs: integer('lead_time_ms').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** `reserved <= on_hand` and both >= 0, kept by conditional updates. */
export const stock = sqliteTable(
  'stock',
  {
    warehouseId: text('warehouse_id').notNull(),
    partId: text('part_id').notNull(),
    onHand: integer('on_hand').notNull(),
    reserved: integer('reserved').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.warehouseId, t.partId] }), index('stock_part_idx').on(t.partId)],
);

export const reservations = sqliteTable(
  'reservations',
  {
    id: text('id').primaryKey(),
    workOrderId: text('work_order_id').notNull(),
    warehouseId: text('warehouse_id').notNull(),
    partId: text('part_id').notNull(),
    qty: integer('qty').notNull(),
    /** reserved | consumed | released */
    status: text('status').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('reservations_order_idx').on(t.workOrderId)],
);

export const purchaseRequests = sqliteTable(
  'purchase_requests',
  {
    id: text('id').primaryKey(),
    partId: text('part_id').notNull(),
    qty: integer('qty').notNull(),
    workOrderId: text('work_order_id'),
    /** open | received | cancelled */
    status: text('status').notNull(),
    reason: text('reason').notNull(),
    createdAt: integer('created_at').notNull(),
    expectedAt: integer('expected_at').notNull(),
    lateForFailure: integer('late_for_failure', { mode: 'boolean' }).notNull(),
    /** `part/order` (or `part/reorder`) while open: one open request per cause. */
    openKey: text('open_key'),
  },
  (t) => [uniqueIndex('purchase_requests_open_key_uq').on(t.openKey)],
);

/** The latest dispatch decision per order, with its explanation. */
export const assignments = sqliteTable('assignments', {
  workOrderId: text('work_order_id').primaryKey(),
  technicianId: text('technician_id').notNull(),
  runId: text('run_id').notNull(),
  startAt: integer('start_at').notNull(),
  endAt: integer('end_at').notNull(),
  explanation: text('explanation', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  createdAt: integer('created_at').notNull(),
});

export const dispatchRuns = sqliteTable('dispatch_runs', {
  id: text('id').primaryKey(),
  at: integer('at').notNull(),
  trigger: text('trigger').notNull(),
  actor: text('actor').notNull(),
  solver: text('solver').notNull(),
  status: text('status').notNull(),
  objective: real('objective').notNull(),
  bound: real('bound').notNull(),
  gap: real('gap').notNull(),
  heuristicObjective: real('heuristic_objective').notNull(),
  solveMs: real('solve_ms'),
  assigned: integer('assigned').notNull(),
  unassigned: integer('unassigned').notNull(),
  summary: text('summary', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
});

export const closeOuts = sqliteTable('close_outs', {
  workOrderId: text('work_order_id').primaryKey(),
  technicianId: text('technician_id').notNull(),
  notes: text('notes').notNull(),
  minutesSpent: integer('minutes_spent').notNull(),
  failureConfirmed: integer('failure_confirmed', { mode: 'boolean' }).notNull(),
  causeCode: text('cause_code').notNull(),
  partsUsed: text('parts_used', { mode: 'json' }).$type<{ partId: string; qty: number }[]>().notNull(),
  photoType: text('photo_type'),
  photo: text('photo'),
  completedAt: integer('completed_at').notNull(),
});

// Core tables, PostgreSQL dialect: the mirror of core.ts (same tables, columns and JS types).
// Times are bigint milliseconds (read as JS numbers); booleans and JSON use native types.
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

export const sites = pgTable('sites', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  latitude: doublePrecision('latitude'),
  longitude: doublePrecision('longitude'),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
});

export const assets = pgTable(
  'assets',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    name: text('name').notNull(),
    type: text('type').notNull(),
    /** 1 (run to failure) .. 5 (safety or production critical). */
    criticality: integer('criticality').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('assets_site_idx').on(t.siteId)],
);

export const gateways = pgTable('gateways', {
  id: text('id').primaryKey(),
  siteId: text('site_id'),
  state: text('state').notNull(),
  version: text('version'),
  reason: text('reason'),
  counters: jsonb('counters').$type<Record<string, number>>().notNull(),
  statusAt: bigint('status_at', { mode: 'number' }).notNull(),
  lastSeenAt: bigint('last_seen_at', { mode: 'number' }).notNull(),
  stale: boolean('stale').notNull(),
  staleSince: bigint('stale_since', { mode: 'number' }),
  /** When the connection that sent the stored status was made (orders a last will). */
  sessionAt: bigint('session_at', { mode: 'number' }),
});

export const workOrders = pgTable(
  'work_orders',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id').notNull(),
    assetId: text('asset_id').notNull(),
    failureMode: text('failure_mode').notNull(),
    title: text('title').notNull(),
    status: text('status').notNull(),
    priority: integer('priority').notNull(),
    severity: text('severity').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
    dueAt: bigint('due_at', { mode: 'number' }),
    predictedP10: bigint('predicted_p10', { mode: 'number' }),
    predictedP50: bigint('predicted_p50', { mode: 'number' }),
    predictedP90: bigint('predicted_p90', { mode: 'number' }),
    alertCount: integer('alert_count').notNull(),
    firstAlertAt: bigint('first_alert_at', { mode: 'number' }).notNull(),
    lastAlertAt: bigint('last_alert_at', { mode: 'number' }).notNull(),
    alertCleared: boolean('alert_cleared').notNull(),
    assigneeId: text('assignee_id'),
    jobPlanId: text('job_plan_id'),
    /** `asset/failureMode` while the order is open, NULL after: the unique index allows one open order. */
    openKey: text('open_key'),
    escalatedAt: bigint('escalated_at', { mode: 'number' }),
    revision: integer('revision').notNull(),
  },
  (t) => [
    uniqueIndex('work_orders_open_key_uq').on(t.openKey),
    index('work_orders_status_priority_idx').on(t.status, t.priority, t.id),
    index('work_orders_asset_idx').on(t.assetId),
  ],
);

export const workOrderEvents = pgTable(
  'work_order_events',
  {
    id: text('id').primaryKey(),
    workOrderId: text('work_order_id')
      .notNull()
      .references(() => workOrders.id),
    at: bigint('at', { mode: 'number' }).notNull(),
    actor: text('actor').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    reason: text('reason'),
  },
  (t) => [index('work_order_events_order_idx').on(t.workOrderId, t.at)],
);

export const alerts = pgTable(
  'alerts',
  {
    id: text('id').primaryKey(),
    workOrderId: text('work_order_id').references(() => workOrders.id),
    gatewayId: text('gateway_id').notNull(),
    siteId: text('site_id').notNull(),
    assetId: text('asset_id').notNull(),
    source: text('source').notNull(),
    ruleOrModel: text('rule_or_model').notNull(),
    version: text('version').notNull(),
    failureMode: text('failure_mode').notNull(),
    severity: text('severity').notNull(),
    state: text('state').notNull(),
    openedAt: bigint('opened_at', { mode: 'number' }).notNull(),
    observedAt: bigint('observed_at', { mode: 'number' }).notNull(),
    score: doublePrecision('score').notNull(),
    threshold: doublePrecision('threshold').notNull(),
    predictedP10: bigint('predicted_p10', { mode: 'number' }),
    predictedP50: bigint('predicted_p50', { mode: 'number' }),
    predictedP90: bigint('predicted_p90', { mode: 'number' }),
    message: text('message'),
    evidence: jsonb('evidence').$type<Record<string, [number, number][]>>().notNull(),
    receivedAt: bigint('received_at', { mode: 'number' }).notNull(),
    /** What ingest decided, replayed verbatim for a duplicate: created | joined | ignored. */
    outcome: text('outcome').notNull(),
  },
  (t) => [index('alerts_work_order_idx').on(t.workOrderId, t.observedAt)],
);

export const jobPlans = pgTable('job_plans', {
  id: text('id').primaryKey(),
  failureMode: text('failure_mode').notNull().unique(),
  title: text('title').notNull(),
  tasks: jsonb('tasks').$type<string[]>().notNull(),
  skills: jsonb('skills').$type<{ skill: string; level: number }[]>().notNull(),
  parts: jsonb('parts').$type<{ partId: string; quantity: number }[]>().notNull(),
  estimatedMinutes: integer('estimated_minutes').notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  updatedBy: text('updated_by').notNull(),
});

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  passwordHash: text('password_hash').notNull(),
  role: text('role').notNull(),
  displayName: text('display_name').notNull(),
  disabled: boolean('disabled').notNull(),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
});

export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('sessions_expiry_idx').on(t.expiresAt)],
);

export const apiKeys = pgTable('api_keys', {
  keyHash: text('key_hash').primaryKey(),
  gatewayId: text('gateway_id').notNull(),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  revoked: boolean('revoked').notNull(),
});

export const auditLog = pgTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    at: bigint('at', { mode: 'number' }).notNull(),
    actor: text('actor').notNull(),
    role: text('role'),
    action: text('action').notNull(),
    target: text('target'),
    outcome: text('outcome').notNull(),
    reason: text('reason'),
  },
  (t) => [index('audit_log_at_idx').on(t.at)],
);

export const deadLetters = pgTable(
  'dead_letters',
  {
    id: text('id').primaryKey(),
    at: bigint('at', { mode: 'number' }).notNull(),
    source: text('source').notNull(),
    topic: text('topic'),
    reason: text('reason').notNull(),
    payload: text('payload').notNull(),
  },
  (t) => [index('dead_letters_at_idx').on(t.at)],
);

/** Cron jobs and other singletons take a lease here when several instances share a database. */
export const leases = pgTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
});

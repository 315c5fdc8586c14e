// Core tables, SQLite dialect. This file is the canonical description: services are typed against
// it. `core.pg.ts` mirrors every table column for column (checked by cloud/test/db/schema-parity).
// Times are integer milliseconds since the Unix epoch; JSON columns hold parsed values.
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const sites = sqliteTable('sites', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  latitude: real('latitude'),
  longitude: real('longitude'),
  createdAt: integer('created_at').notNull(),
});

export const assets = sqliteTable(
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
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('assets_site_idx').on(t.siteId)],
);

export const gateways = sqliteTable('gateways', {
  id: text('id').primaryKey(),
  siteId: text('site_id'),
  state: text('state').notNull(),
  version: text('version'),
  reason: text('reason'),
  counters: text('counters', { mode: 'json' }).$type<Record<string, number>>().notNull(),
  statusAt: integer('status_at').notNull(),
  lastSeenAt: integer('last_seen_at').notNull(),
  stale: integer('stale', { mode: 'boolean' }).notNull(),
  staleSince: integer('stale_since'),
  /** When the connection that sent the stored status was made (orders a last will). */
  sessionAt: integer('session_at'),
});

export const workOrders = sqliteTable(
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
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    dueAt: integer('due_at'),
    predictedP10: integer('predicted_p10'),
    predictedP50: integer('predicted_p50'),
    predictedP90: integer('predicted_p90'),
    alertCount: integer('alert_count').notNull(),
    firstAlertAt: integer('first_alert_at').notNull(),
    lastAlertAt: integer('last_alert_at').notNull(),
    alertCleared: integer('alert_cleared', { mode: 'boolean' }).notNull(),
    assigneeId: text('assignee_id'),
    jobPlanId: text('job_plan_id'),
    /** `asset/failureMode` while the order is open, NULL after: the unique index allows one open order. */
    openKey: text('open_key'),
    escalatedAt: integer('escalated_at'),
    revision: integer('revision').notNull(),
  },
  (t) => [
    uniqueIndex('work_orders_open_key_uq').on(t.openKey),
    index('work_orders_status_priority_idx').on(t.status, t.priority, t.id),
    index('work_orders_asset_idx').on(t.assetId),
  ],
);

export const workOrderEvents = sqliteTable(
  'work_order_events',
  {
    id: text('id').primaryKey(),
    workOrderId: text('work_order_id')
      .notNull()
      .references(() => workOrders.id),
    at: integer('at').notNull(),
    actor: text('actor').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    reason: text('reason'),
  },
  (t) => [index('work_order_events_order_idx').on(t.workOrderId, t.at)],
);

export const alerts = sqliteTable(
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
    openedAt: integer('opened_at').notNull(),
    observedAt: integer('observed_at').notNull(),
    score: real('score').notNull(),
    threshold: real('threshold').notNull(),
    predictedP10: integer('predicted_p10'),
    predictedP50: integer('predicted_p50'),
    predictedP90: integer('predicted_p90'),
    message: text('message'),
    evidence: text('evidence', { mode: 'json' }).$type<Record<string, [number, number][]>>().notNull(),
    receivedAt: integer('received_at').notNull(),
    /** What ingest decided, replayed verbatim for a duplicate: created | joined | ignored. */
    outcome: text('outcome').notNull(),
  },
  (t) => [index('alerts_work_order_idx').on(t.workOrderId, t.observedAt)],
);

export const jobPlans = sqliteTable('job_plans', {
  id: text('id').primaryKey(),
  failureMode: text('failure_mode').notNull().unique(),
  title: text('title').notNull(),
  tasks: text('tasks', { mode: 'json' }).$type<string[]>().notNull(),
  skills: text('skills', { mode: 'json' }).$type<{ skill: string; level: number }[]>().notNull(),
  parts: text('parts', { mode: 'json' }).$type<{ partId: string; quantity: number }[]>().notNull(),
  estimatedMinutes: integer('estimated_minutes').notNull(),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  passwordHash: text('password_hash').notNull(),
  role: text('role').notNull(),
  displayName: text('display_name').notNull(),
  disabled: integer('disabled', { mode: 'boolean' }).notNull(),
  createdAt: integer('created_at').notNull(),
});

export const sessions = sqliteTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('sessions_expiry_idx').on(t.expiresAt)],
);

export const apiKeys = sqliteTable('api_keys', {
  keyHash: text('key_hash').primaryKey(),
  gatewayId: text('gateway_id').notNull(),
  createdAt: integer('created_at').notNull(),
  revoked: integer('revoked', { mode: 'boolean' }).notNull(),
});

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    at: integer('at').notNull(),
    actor: text('actor').notNull(),
    role: text('role'),
    action: text('action').notNull(),
    target: text('target'),
    outcome: text('outcome').notNull(),
    reason: text('reason'),
  },
  (t) => [index('audit_log_at_idx').on(t.at)],
);

export const deadLetters = sqliteTable(
  'dead_letters',
  {
    id: text('id').primaryKey(),
    at: integer('at').notNull(),
    source: text('source').notNull(),
    topic: text('topic'),
    reason: text('reason').notNull(),
    payload: text('payload').notNull(),
  },
  (t) => [index('dead_letters_at_idx').on(t.at)],
);

/** Cron jobs and other singletons take a lease here when several instances share a database. */
export const leases = sqliteTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: integer('expires_at').notNull(),
});

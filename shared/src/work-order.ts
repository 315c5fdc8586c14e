import { z } from 'zod';
import {
  ALERT_SOURCES,
  ALERT_STATES,
  EvidenceSchema,
  PredictedFailureSchema,
  SeveritySchema,
} from './alert.js';
import { IdSchema, UlidSchema } from './ids.js';
import { EpochMsSchema } from './time.js';

export const WORK_ORDER_STATUSES = [
  'proposed',
  'approved',
  'rejected',
  'scheduled',
  'in_progress',
  'awaiting_parts',
  'completed',
  'closed',
  'cancelled',
] as const;
export const WorkOrderStatusSchema = z.enum(WORK_ORDER_STATUSES);
export type WorkOrderStatus = z.infer<typeof WorkOrderStatusSchema>;

/** The lifecycle: from each status, the statuses a work order may move to. */
export const WORK_ORDER_TRANSITIONS: Readonly<Record<WorkOrderStatus, readonly WorkOrderStatus[]>> = {
  proposed: ['approved', 'rejected', 'cancelled'],
  approved: ['scheduled', 'awaiting_parts', 'cancelled'],
  awaiting_parts: ['scheduled', 'cancelled'],
  scheduled: ['in_progress', 'awaiting_parts', 'approved', 'cancelled'],
  in_progress: ['completed', 'awaiting_parts'],
  completed: ['closed', 'in_progress'],
  rejected: [],
  closed: [],
  cancelled: [],
};

export function canTransition(from: WorkOrderStatus, to: WorkOrderStatus): boolean {
  return WORK_ORDER_TRANSITIONS[from].includes(to);
}

/** Statuses in which a work order still collects alerts for its asset and failure mode. */
export const OPEN_WORK_ORDER_STATUSES: readonly WorkOrderStatus[] = [
  'proposed',
  'approved',
  'scheduled',
  'in_progress',
  'awaiting_parts',
];

/** 1 is the most urgent, 5 the least. */
export const PrioritySchema = z.number().int().min(1).max(5);

/** A work order as the API returns it in lists. */
export const WorkOrderSchema = z.object({
  id: UlidSchema,
  siteId: IdSchema,
  assetId: IdSchema,
  failureMode: IdSchema,
  title: z.string(),
  status: WorkOrderStatusSchema,
  priority: PrioritySchema,
  severity: SeveritySchema,
  createdAt: EpochMsSchema,
  updatedAt: EpochMsSchema,
  dueAt: EpochMsSchema.nullable(),
  predictedFailureAt: PredictedFailureSchema.nullable(),
  alertCount: z.number().int().nonnegative(),
  firstAlertAt: EpochMsSchema,
  lastAlertAt: EpochMsSchema,
  alertCleared: z.boolean(),
  assigneeId: IdSchema.nullable(),
  jobPlanId: IdSchema.nullable(),
});
export type WorkOrder = z.infer<typeof WorkOrderSchema>;

/** One alert on a work order's evidence timeline. */
export const WorkOrderAlertSchema = z.object({
  id: UlidSchema,
  source: z.enum(ALERT_SOURCES),
  ruleOrModel: IdSchema,
  version: z.string(),
  state: z.enum(ALERT_STATES),
  severity: SeveritySchema,
  observedAt: EpochMsSchema,
  score: z.number(),
  threshold: z.number(),
  message: z.string().optional(),
});
export type WorkOrderAlert = z.infer<typeof WorkOrderAlertSchema>;

export const WorkOrderEventSchema = z.object({
  at: EpochMsSchema,
  actor: z.string(),
  from: WorkOrderStatusSchema.nullable(),
  to: WorkOrderStatusSchema,
  reason: z.string().nullable(),
});
export type WorkOrderEvent = z.infer<typeof WorkOrderEventSchema>;

/** A work order with its alert timeline, merged evidence and history. */
export const WorkOrderDetailSchema = WorkOrderSchema.extend({
  alerts: z.array(WorkOrderAlertSchema),
  evidence: EvidenceSchema,
  events: z.array(WorkOrderEventSchema),
});
export type WorkOrderDetail = z.infer<typeof WorkOrderDetailSchema>;

export const MAX_PAGE_LIMIT = 200;

/** A page of results; pass `nextCursor` back as `cursor` for the next one. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
export const WorkOrderPageSchema = pageSchema(WorkOrderSchema);
export type WorkOrderPage = z.infer<typeof WorkOrderPageSchema>;

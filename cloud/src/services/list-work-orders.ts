import { AppError, type WorkOrderPage, type WorkOrderStatus } from '@pdm/shared';
import { and, asc, eq, gt, inArray, lt, or, type SQL } from 'drizzle-orm';
import { toWorkOrder } from '../db/work-order-rows.js';
import type { Actor, UseCase } from './context.js';

export interface WorkOrderFilter {
  status?: WorkOrderStatus[];
  siteId?: string;
  assetId?: string;
  priority?: number;
  dueBefore?: number;
  assigneeId?: string;
}

export interface ListWorkOrdersInput {
  actor: Actor;
  filter: WorkOrderFilter;
  limit: number;
  cursor?: string;
}

/** The queue ranked by priority (1 first), then by age; keyset pagination on (priority, id). */
export async function listWorkOrders({ ctx, input }: UseCase<ListWorkOrdersInput>): Promise<WorkOrderPage> {
  const { workOrders: w } = ctx.db.t;
  const { filter, actor } = input;
  const where: (SQL | undefined)[] = [
    filter.status?.length ? inArray(w.status, filter.status) : undefined,
    filter.siteId ? eq(w.siteId, filter.siteId) : undefined,
    filter.assetId ? eq(w.assetId, filter.assetId) : undefined,
    filter.priority ? eq(w.priority, filter.priority) : undefined,
    filter.dueBefore ? lt(w.dueAt, filter.dueBefore) : undefined,
    filter.assigneeId ? eq(w.assigneeId, filter.assigneeId) : undefined,
    // Object-level rule: a technician sees only the jobs assigned to them.
    actor.role === 'technician' ? eq(w.assigneeId, actor.id) : undefined,
  ];
  if (input.cursor) {
    const { priority, id } = decodeCursor(input.cursor);
    where.push(or(gt(w.priority, priority), and(eq(w.priority, priority), gt(w.id, id))));
  }
  const rows = await ctx.db.read((db) =>
    db
      .select()
      .from(w)
      .where(and(...where))
      .orderBy(asc(w.priority), asc(w.id))
      .limit(input.limit + 1),
  );
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > input.limit && last ? encodeCursor(last.priority, last.id) : null;
  return { items: page.map(toWorkOrder), nextCursor };
}

function encodeCursor(priority: number, id: string): string {
  return Buffer.from(`${priority}:${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { priority: number; id: string } {
  const text = Buffer.from(cursor, 'base64url').toString();
  const match = /^([1-5]):([0-9A-HJKMNP-TV-Z]{26})$/.exec(text);
  if (!match) {
    throw new AppError('VALIDATION_FAILED', 'invalid cursor: pass back a nextCursor unchanged', {
      issues: [{ path: 'cursor', message: 'not a cursor this API issued' }],
    });
  }
  return { priority: Number(match[1]), id: match[2] as string };
}

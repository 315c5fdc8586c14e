// Use case: a technician completes their job: parts used come off the shelf (the rest of the
// reservation returns to stock), the outcome is recorded and the order moves to completed, in one
// transaction. A planner then closes or reopens it through the lifecycle transitions.
import { AppError, type CAUSE_CODES, MAX_PHOTO_BYTES, type PHOTO_TYPES } from '@pdm/shared';

import { and, eq } from 'drizzle-orm';
import { findWorkOrder, insertEvent } from '../../db/work-order-rows.js';
import type { Actor, UseCase } from '../context.js';
import { assertMayTouch } from '../get-work-order.js';
import { consumeReservations } from './stock.js';

export interface CloseOutInput {
  actor: Actor;
  workOrderId: string;
  notes: string;
  minutesSpent: number;
  partsUsed: { partId: string; qty: number }[];
  failureConfirmed: boolean;
  causeCode: (typeof CAUSE_CODES)[number];
  photo?: { contentType: (typeof PHOTO_TYPES)[number]; dataUrl: string };
}

/** Checks a `data:<type>;base64,...` photo against its declared type and the size limit. */
export function checkPhoto(photo: NonNullable<CloseOutInput['photo']>): string {
  const prefix = `data:${photo.contentType};base64,`;
  if (!photo.dataUrl.startsWith(prefix)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `photo must be a ${photo.contentType} data URL`);
  }
  const data = photo.dataUrl.slice(prefix.length);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data))
    throw new AppError('VALIDATION_FAILED', 'photo is not valid base64');
  const bytes = Math.floor((data.length * 3) / 4);
  if (bytes > MAX_PHOTO_BYTES) {
    throw new AppError('PAYLOAD_TOO_LARGE', `photo is ${bytes} bytes; the limit is ${MAX_PHOTO_BYTES}`);
  }
  return data;
}

export async function closeOutJob({
  ctx,
  input,
}: UseCase<CloseOutInput>): Promise<{ workOrderId: string; status: 'completed' }> {
  const photo = input.photo ? checkPhoto(input.photo) : null;
  return ctx.db.tx(async (tx) => {
    const t = ctx.db.t;
    const row = await findWorkOrder(tx, t, input.workOrderId);
    if (!row) throw new AppError('NOT_FOUND', `work order ${input.workOrderId} not found`);
    assertMayTouch(input.actor, row);
    if (row.status !== 'in_progress') {
      throw new AppError(
        'ILLEGAL_TRANSITION',
        `only a job in progress can be closed out (this one is ${row.status})`,
        {
          from: row.status,
          to: 'completed',
          allowed: [],
        },
      );
    }
    const now = ctx.clock.now();
    await consumeReservations(tx, t, { workOrderId: row.id, used: input.partsUsed, now });
    const values = {
      technicianId: input.actor.id,
      notes: input.notes,
      minutesSpent: input.minutesSpent,
      failureConfirmed: input.failureConfirmed,
      causeCode: input.causeCode,
      partsUsed: input.partsUsed,
      photoType: input.photo?.contentType ?? null,
      photo,
      completedAt: now,
    };
    await tx
      .insert(t.closeOuts)
      .values({ workOrderId: row.id, ...values })
      .onConflictDoUpdate({ target: t.closeOuts.workOrderId, set: values });
    const w = t.workOrders;
    const moved = await tx
      .update(w)
      .set({ status: 'completed', updatedAt: now, revision: row.revision + 1 })
      .where(and(eq(w.id, row.id), eq(w.status, 'in_progress'), eq(w.revision, row.revision)))
      .returning({ id: w.id });
    if (moved.length === 0)
      throw new AppError('CONFLICT', `work order ${row.id} changed while closing it out`);
    const reason = `${input.failureConfirmed ? 'failure confirmed' : 'no failure found'}: ${input.causeCode}`;
    await insertEvent(tx, t, {
      id: ctx.newId(),
      workOrderId: row.id,
      at: now,
      actor: input.actor.id,
      from: 'in_progress',
      to: 'completed',
      reason,
    });
    return { workOrderId: row.id, status: 'completed' as const };
  });
}

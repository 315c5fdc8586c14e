/// <reference lib="dom" />
import type { WorkOrder } from '@pdm/shared';
import { humanize } from '../format.js';
import { h } from '../view.js';

const HOUR = 3_600_000;
/** The schedule shows this many hours from the start of the previous hour. */
const SPAN_H = 48;
const TICK_H = 6;

export interface ScheduledTechnician {
  id: string;
  displayName?: string;
  shifts?: { start: number; end: number }[];
}

export type Slots = Map<string, { startAt: number; endAt: number }>;

const clock = (t: number) =>
  new Date(t).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
const pct = (x: number) => `${(Math.max(0, Math.min(1, x)) * 100).toFixed(3)}%`;

/**
 * The next two days, one row per technician: their shifts as light bands, each job dispatch planned
 * as a block from its planned start to its end (travel included), coloured by priority and linking
 * to the order, and a line at the current time. Jobs without a planned slot (assigned by hand) are
 * listed on the technician's card, not here.
 */
export function scheduleChart(
  techs: ScheduledTechnician[],
  orders: WorkOrder[],
  slots: Slots,
  now: number,
): HTMLElement {
  const from = Math.floor(now / HOUR) * HOUR - HOUR;
  const to = from + SPAN_H * HOUR;
  const at = (t: number) => (t - from) / (to - from);
  const ticks = Array.from({ length: SPAN_H / TICK_H + 1 }, (_, k) => from + k * TICK_H * HOUR);
  const axis = h(
    'div',
    { class: 'sched-axis', 'aria-hidden': 'true' },
    ...ticks.map((t) => {
      const label = h(
        'span',
        {},
        new Date(t).toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' }),
      );
      label.style.left = pct(at(t));
      return label;
    }),
  );
  const rows = techs.map((t) => {
    const jobs = orders
      .filter((o) => o.assigneeId === t.id && slots.has(o.id))
      .map((o) => ({ o, slot: slots.get(o.id) as { startAt: number; endAt: number } }))
      .filter(({ slot }) => slot.endAt > from && slot.startAt < to);
    const track = h('div', { class: 'sched-track' });
    for (const s of t.shifts ?? []) {
      if (s.end <= from || s.start >= to) continue;
      const band = h('span', { class: 'sched-shift', 'aria-hidden': 'true' });
      band.style.left = pct(at(s.start));
      band.style.width = pct(at(s.end) - at(Math.max(s.start, from)));
      track.append(band);
    }
    for (const { o, slot } of jobs) {
      const name = `${o.assetId} ${humanize(o.failureMode)}, ${clock(slot.startAt)}–${clock(slot.endAt)}, P${o.priority}`;
      const block = h(
        'a',
        { class: `sched-job p${o.priority}`, href: `#/orders/${o.id}`, 'aria-label': name, title: name },
        o.assetId,
      );
      block.style.left = pct(at(slot.startAt));
      block.style.width = pct(at(slot.endAt) - at(Math.max(slot.startAt, from)));
      track.append(block);
    }
    const line = h('span', { class: 'sched-now', 'aria-hidden': 'true' });
    line.style.left = pct(at(now));
    track.append(line);
    const count = `${jobs.length} planned job${jobs.length === 1 ? '' : 's'}`;
    return h(
      'div',
      { class: 'sched-row', role: 'group', 'aria-label': `Schedule of ${t.displayName ?? t.id}: ${count}` },
      h('span', { class: 'sched-name' }, t.displayName ?? t.id),
      track,
    );
  });
  return h(
    'div',
    { class: 'schedule' },
    h(
      'p',
      { class: 'muted' },
      `Planned jobs for the next ${SPAN_H} hours (travel included); light bands are shifts, the line is now.`,
    ),
    h('div', { class: 'sched-row' }, h('span', { class: 'sched-name' }), axis),
    ...rows,
  );
}

/// <reference lib="dom" />
import type { WorkOrder } from '@pdm/shared';
import { get, getOptional, post } from '../api.js';
import { dateTime, humanize, minutes } from '../format.js';
import { form } from '../forms.js';
import type { PageContext } from '../router.js';
import { badge, h, mount, table } from '../view.js';
import { card } from './evidence.js';
import { fetchOrders } from './queue.js';
import { type Slots, scheduleChart } from './schedule.js';
import type { JobPlan } from './work-order.js';

const DAY = 86_400_000;
const DAYS_SHOWN = 7;
const DEFAULT_CAPACITY_MIN = 480;

/** A technician as the dispatch API lists them. */
export interface Technician {
  id: string;
  displayName?: string;
  skills?: Record<string, number>;
  dailyCapacityMin?: number;
  shifts?: { start: number; end: number }[];
}

/** The answer of a dispatch run. */
export interface DispatchRun {
  solver?: string;
  durationMs?: number;
  gap?: number | null;
  assignments: { workOrderId: string; technicianId: string; start?: number; why?: string[] | string }[];
  unassigned?: { workOrderId: string; reason: string }[];
  purchaseRequests?: { partId: string; qty: number; expectedAt?: number; late?: boolean }[];
}

/** Technicians with their assignments and load per day; unassigned and awaiting-parts orders; run dispatch. */
export async function dispatchPage(ctx: PageContext): Promise<void> {
  const [orders, techs, plans, board] = await Promise.all([
    fetchOrders({ status: 'approved,scheduled,in_progress,awaiting_parts' }),
    getOptional<{ items: Technician[] }>('/technicians'),
    get<{ items: JobPlan[] }>('/job-plans'),
    get<{ items: { workOrderId: string; startAt: number; endAt: number }[] }>('/console/dispatch-board'),
  ]);
  const slots: Slots = new Map(board.items.map((a) => [a.workOrderId, a]));
  const minutesOf = new Map(plans.items.map((p) => [p.id, p.estimatedMinutes]));
  const runForm = form(
    { label: 'Run dispatch', class: 'form run' },
    async () => {
      const run = await post<DispatchRun>('/dispatch/runs', {});
      await dispatchPage(ctx);
      ctx.main.querySelector('.run-result-slot')?.replaceChildren(runResult(run));
    },
    h(
      'p',
      {},
      'Assigns approved orders to technicians with the skills, inside their shifts, and reserves parts.',
    ),
    h('button', { type: 'submit', class: 'primary' }, 'Run dispatch'),
  );
  const people = technicianList(techs?.items ?? null, orders);
  mount(
    ctx.main,
    h('h1', {}, 'Dispatch board'),
    h(
      'div',
      { class: 'grid' },
      card('Dispatch', runForm, h('div', { class: 'run-result-slot', 'aria-live': 'polite' })),
    ),
    techs
      ? null
      : h(
          'p',
          { class: 'muted' },
          'The technician register is not available yet; showing assignees found on orders.',
        ),
    h('h2', {}, 'Schedule'),
    h(
      'section',
      { class: 'card', 'aria-label': 'Schedule' },
      scheduleChart(people, orders, slots, Date.now()),
    ),
    h('h2', {}, 'Technicians'),
    h('div', { class: 'board' }, ...people.map((t) => technicianCard(t, orders, slots, minutesOf))),
    h(
      'div',
      { class: 'grid' },
      card('Unassigned', orderTable(orders.filter((o) => !o.assigneeId && o.status !== 'awaiting_parts'))),
      card('Awaiting parts', orderTable(orders.filter((o) => o.status === 'awaiting_parts'))),
    ),
  );
}

function technicianList(listed: Technician[] | null, orders: WorkOrder[]): Technician[] {
  const out = new Map((listed ?? []).map((t) => [t.id, t]));
  for (const o of orders)
    if (o.assigneeId && !out.has(o.assigneeId)) out.set(o.assigneeId, { id: o.assigneeId });
  return [...out.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** Minutes booked per day: dispatch's planned slot, else the plan's estimate on the due date. */
function bookings(mine: WorkOrder[], slots: Slots, minutesOf: Map<string, number>) {
  return mine.flatMap((o) => {
    const slot = slots.get(o.id);
    if (slot) return [{ order: o, at: slot.startAt, minutes: (slot.endAt - slot.startAt) / 60_000 }];
    const estimate = o.jobPlanId ? (minutesOf.get(o.jobPlanId) ?? 60) : 60;
    return o.dueAt === null ? [] : [{ order: o, at: o.dueAt, minutes: estimate }];
  });
}

function technicianCard(t: Technician, orders: WorkOrder[], slots: Slots, minutesOf: Map<string, number>) {
  const booked = bookings(
    orders.filter((o) => o.assigneeId === t.id),
    slots,
    minutesOf,
  ).sort((a, b) => a.at - b.at);
  const mine = booked.map((b) => b.order);
  const capacity = t.dailyCapacityMin ?? DEFAULT_CAPACITY_MIN;
  const start = new Date().setHours(0, 0, 0, 0);
  const load = Array.from({ length: DAYS_SHOWN }, (_, d) =>
    booked.filter((b) => Math.floor((b.at - start) / DAY) === d).reduce((sum, b) => sum + b.minutes, 0),
  );
  const skills = Object.entries(t.skills ?? {}).map(([s, l]) => `${humanize(s)} ${l}`);
  return h(
    'section',
    { class: 'card tech', 'aria-label': `Technician ${t.id}` },
    h('h3', {}, t.displayName ?? t.id),
    skills.length > 0 ? h('p', { class: 'muted' }, skills.join(', ')) : null,
    h(
      'div',
      {
        class: 'load',
        role: 'img',
        'aria-label': `Load for the next ${DAYS_SHOWN} days: ${load.map(minutes).join(', ')}`,
      },
      ...load.map((m) => {
        const bar = h('span', { class: m > capacity ? 'over' : '', title: minutes(m) });
        bar.style.height = `${Math.min(100, (m / capacity) * 100)}%`;
        return bar;
      }),
    ),
    h(
      'div',
      { class: 'load-days', 'aria-hidden': 'true' },
      ...load.map((_, d) =>
        h('span', {}, new Date(start + d * DAY).toLocaleDateString(undefined, { weekday: 'short' })),
      ),
    ),
    h(
      'p',
      { class: 'muted' },
      `Booked per day: dispatch's slot, else the plan's estimate on the due date (capacity ${minutes(capacity)})`,
    ),
    mine.length === 0
      ? h('p', {}, 'No assignments.')
      : h(
          'ul',
          {},
          ...mine.map((o) =>
            h(
              'li',
              {},
              h('a', { href: `#/orders/${o.id}` }, `${o.assetId} ${humanize(o.failureMode)}`),
              ' ',
              badge(o.status),
              ` ${slots.has(o.id) ? `starts ${dateTime(slots.get(o.id)!.startAt)}` : `due ${dateTime(o.dueAt)}`}`,
            ),
          ),
        ),
  );
}

function orderTable(orders: WorkOrder[]): HTMLElement {
  if (orders.length === 0) return h('p', { class: 'muted' }, 'None.');
  return table(
    ['Order', 'Priority', 'Due', 'Status'],
    orders.map((o) => [
      h('a', { href: `#/orders/${o.id}` }, `${o.assetId} ${humanize(o.failureMode)}`),
      badge(`P${o.priority}`, `p${o.priority}`),
      dateTime(o.dueAt),
      badge(o.status),
    ]),
  );
}

function runResult(run: DispatchRun): HTMLElement {
  const why = (w: string[] | string | undefined) => (Array.isArray(w) ? w.join('; ') : (w ?? ''));
  return h(
    'div',
    { class: 'run-result' },
    h(
      'p',
      {},
      h('strong', {}, `${run.assignments.length} assigned, ${run.unassigned?.length ?? 0} left unassigned`),
      ` · ${run.solver ?? 'solver'} in ${run.durationMs ?? '?'} ms${run.gap != null ? `, gap ${(run.gap * 100).toFixed(1)} %` : ''}`,
    ),
    run.assignments.length > 0
      ? table(
          ['Order', 'Technician', 'Start', 'Why'],
          run.assignments.map((a) => [
            h('a', { href: `#/orders/${a.workOrderId}` }, a.workOrderId.slice(-6)),
            a.technicianId,
            dateTime(a.start),
            why(a.why),
          ]),
        )
      : null,
    (run.unassigned ?? []).length > 0
      ? table(
          ['Order', 'Why not'],
          run.unassigned!.map((u) => [u.workOrderId.slice(-6), u.reason]),
        )
      : null,
    (run.purchaseRequests ?? []).length > 0
      ? table(
          ['Part', 'Qty', 'Expected', ''],
          run.purchaseRequests!.map((p) => [
            p.partId,
            String(p.qty),
            dateTime(p.expectedAt),
            p.late ? badge('late') : '',
          ]),
        )
      : null,
  );
}

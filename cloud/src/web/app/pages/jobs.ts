/// <reference lib="dom" />
import type { WorkOrder } from '@pdm/shared';
import { get, post } from '../api.js';
import { dateTime, humanize, minutes } from '../format.js';
import { live } from '../live.js';
import type { PageContext } from '../router.js';
import { badge, button, h, mount } from '../view.js';
import { fetchOrders } from './queue.js';
import { getOptional, type JobPlan, type Proposal } from './work-order.js';

const MY_STATUSES = 'approved,scheduled,in_progress,awaiting_parts,completed';

interface Job {
  order: WorkOrder;
  plan: JobPlan | null;
  proposal: Proposal | null;
}

/** Jobs first by planned start, then by due date; finished ones last. */
function byPlan(a: Job, b: Job): number {
  const done = (j: Job) => (j.order.status === 'completed' ? 1 : 0);
  const key = (j: Job) => j.proposal?.start ?? j.order.dueAt ?? Number.MAX_SAFE_INTEGER;
  return done(a) - done(b) || key(a) - key(b);
}

async function loadJobs(): Promise<Job[]> {
  const orders = await fetchOrders({ status: MY_STATUSES });
  const jobs = await Promise.all(
    orders.map(async (order) => ({
      order,
      plan: order.jobPlanId
        ? await getOptional<JobPlan>(`/job-plans/${encodeURIComponent(order.jobPlanId)}`)
        : null,
      proposal: await getOptional<Proposal>(`/work-orders/${order.id}/proposal`),
    })),
  );
  return jobs.sort(byPlan);
}

/** The technician's jobs in the order to do them: where, what, which parts, then start or close out. */
export async function myJobsPage(ctx: PageContext): Promise<void> {
  const list = h('ol', { class: 'jobs', 'aria-label': 'My jobs in order' });
  const status = h('p', { class: 'live', 'aria-live': 'polite' });
  mount(ctx.main, h('h1', {}, 'My jobs'), status, list);
  const refresh = async () => {
    const jobs = await loadJobs();
    mount(list, ...jobs.map((job, i) => jobCard(job, i + 1, refresh)));
    if (jobs.length === 0) mount(list, h('li', { class: 'job' }, 'No jobs assigned to you right now.'));
    status.textContent = `${jobs.length} job${jobs.length === 1 ? '' : 's'} · updated ${new Date().toLocaleTimeString()}`;
  };
  const poll = live(refresh, 15_000, (e) => {
    status.textContent = `Could not refresh: ${e.message}`;
  });
  ctx.onLeave(poll.stop);
  await poll.now();
}

function jobCard(job: Job, n: number, refresh: () => Promise<void>): HTMLElement {
  const { order: o, plan, proposal } = job;
  const parts = proposal?.parts ?? [];
  const error = h('p', { class: 'error', role: 'alert' });
  const start = async () => {
    try {
      await post(`/work-orders/${o.id}/transitions`, { to: 'in_progress' });
      await refresh();
    } catch (e) {
      error.textContent = (e as Error).message;
    }
  };
  return h(
    'li',
    { class: 'job', 'data-order': o.id },
    h('h2', {}, `${n}. ${o.title || humanize(o.failureMode)}`),
    h('p', {}, badge(o.status), ' ', badge(`P${o.priority}`, `p${o.priority}`)),
    h('p', {}, h('strong', {}, 'Where: '), `${o.assetId}, site ${o.siteId}`),
    h(
      'p',
      {},
      h('strong', {}, 'When: '),
      proposal?.start ? dateTime(proposal.start) : `due ${dateTime(o.dueAt)}`,
    ),
    plan
      ? h(
          'div',
          {},
          h('strong', {}, `What (${minutes(plan.estimatedMinutes)}): `),
          h('ol', {}, ...plan.tasks.map((t) => h('li', {}, t))),
        )
      : h('p', {}, h('strong', {}, 'What: '), humanize(o.failureMode)),
    partsBlock(parts, plan),
    error,
    h(
      'div',
      { class: 'actions' },
      ['approved', 'scheduled'].includes(o.status)
        ? button('Start job', () => void start(), { class: 'primary' })
        : null,
      o.status === 'in_progress'
        ? h('a', { class: 'button primary', href: `#/jobs/${o.id}` }, 'Close out')
        : null,
    ),
  );
}

/** Reserved parts and where to pick them up; before dispatch reserves them, what the plan needs. */
function partsBlock(reserved: NonNullable<Proposal['parts']>, plan: JobPlan | null): HTMLElement {
  if (reserved.length > 0) {
    const items = reserved.map((p) =>
      h(
        'li',
        {},
        `${p.qty} × ${p.partId}, pick up at ${p.warehouseId ?? p.note ?? 'see planner'} `,
        badge(p.status),
      ),
    );
    return h('div', {}, h('strong', {}, 'Parts reserved for you:'), h('ul', {}, ...items));
  }
  const needed = plan?.parts ?? [];
  if (needed.length === 0) return h('p', {}, h('strong', {}, 'Parts: '), 'none needed');
  return h(
    'div',
    {},
    h('strong', {}, 'Parts needed (not reserved yet):'),
    h('ul', {}, ...needed.map((p) => h('li', {}, `${p.quantity} × ${p.partId}`))),
  );
}

/** Loads one of my jobs (for the close-out page). */
export async function loadJob(id: string): Promise<Job> {
  const order = await get<WorkOrder>(`/work-orders/${encodeURIComponent(id)}`);
  const plan = order.jobPlanId
    ? await getOptional<JobPlan>(`/job-plans/${encodeURIComponent(order.jobPlanId)}`)
    : null;
  return { order, plan, proposal: await getOptional<Proposal>(`/work-orders/${order.id}/proposal`) };
}

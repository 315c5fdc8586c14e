/// <reference lib="dom" />
import { get, post } from '../api.js';
import { dateTime, humanize, minutes } from '../format.js';
import { live } from '../live.js';
import type { PageContext } from '../router.js';
import { badge, button, h, mount } from '../view.js';
import { locationShare } from './location.js';
import type { JobPlan } from './work-order.js';

/** One of my jobs as `GET /me/jobs` lists it (already in the order to do them). */
export interface MyJob {
  workOrderId: string;
  assetId: string;
  siteId: string;
  failureMode: string;
  title: string;
  status: string;
  priority: number;
  dueAt: number | null;
  start: number | null;
  why: string | null;
  parts: { partId: string; qty: number; warehouseId: string; status: string }[];
}

export interface Job {
  job: MyJob;
  plan: JobPlan | null;
}

/** My jobs with the job plan of each failure mode; finished ones last. */
export async function loadJobs(): Promise<Job[]> {
  const [jobs, plans] = await Promise.all([
    get<{ items: MyJob[] }>('/me/jobs'),
    get<{ items: JobPlan[] }>('/job-plans'),
  ]);
  const planOf = new Map(plans.items.map((p) => [p.failureMode, p]));
  const done = (j: MyJob) => (j.status === 'completed' ? 1 : 0);
  return [...jobs.items]
    .sort((a, b) => done(a) - done(b))
    .map((job) => ({ job, plan: planOf.get(job.failureMode) ?? null }));
}

/** The technician's jobs in the order to do them: where, what, which parts, then start or close out. */
export async function myJobsPage(ctx: PageContext): Promise<void> {
  const list = h('div');
  const status = h('p', { class: 'live', 'aria-live': 'polite' });
  const location = locationShare();
  ctx.onLeave(location.stop);
  mount(ctx.main, h('h1', {}, 'My jobs'), status, location.element, list);
  const refresh = async () => {
    const jobs = await loadJobs();
    const open = jobs.filter((j) => j.job.status !== 'completed').length;
    mount(list, ...groups(jobs).map((g) => group(g, refresh)));
    if (jobs.length === 0) mount(list, h('p', { class: 'job' }, 'No jobs assigned to you right now.'));
    status.textContent = `${open} open job${open === 1 ? '' : 's'} · updated ${new Date().toLocaleTimeString()}`;
  };
  const poll = live(refresh, 15_000, (e) => {
    status.textContent = `Could not refresh: ${e.message}`;
  });
  ctx.onLeave(poll.stop);
  await poll.now();
}

interface Group {
  title: string;
  jobs: Job[];
}

/** Today (started, or planned or due before midnight), later, and done; each in the order to do them. */
function groups(jobs: Job[]): Group[] {
  const midnight = new Date().setHours(24, 0, 0, 0);
  const today = (j: MyJob) => j.status === 'in_progress' || (j.start ?? j.dueAt ?? Infinity) < midnight;
  const open = jobs.filter((j) => j.job.status !== 'completed');
  return [
    { title: 'Today', jobs: open.filter((j) => today(j.job)) },
    { title: 'Later', jobs: open.filter((j) => !today(j.job)) },
    { title: 'Done', jobs: jobs.filter((j) => j.job.status === 'completed') },
  ].filter((g) => g.jobs.length > 0);
}

function group(g: Group, refresh: () => Promise<void>): HTMLElement {
  return h(
    'section',
    { 'aria-label': g.title },
    h('h2', {}, g.title),
    h('ol', { class: 'jobs' }, ...g.jobs.map((job, i) => jobCard(job, i + 1, refresh))),
  );
}

function jobCard({ job: j, plan }: Job, n: number, refresh: () => Promise<void>): HTMLElement {
  const error = h('p', { class: 'error', role: 'alert' });
  const start = async () => {
    try {
      await post(`/work-orders/${encodeURIComponent(j.workOrderId)}/transitions`, { to: 'in_progress' });
      await refresh();
    } catch (e) {
      error.textContent = (e as Error).message;
    }
  };
  return h(
    'li',
    { class: `job job-${j.status}`, 'data-order': j.workOrderId },
    h('h3', {}, `${n}. ${j.title || humanize(j.failureMode)}`),
    h('p', {}, badge(j.status), ' ', badge(`P${j.priority}`, `p${j.priority}`)),
    h('p', {}, h('strong', {}, 'Where: '), `${j.assetId}, site ${j.siteId}`),
    h('p', {}, h('strong', {}, 'When: '), j.start ? dateTime(j.start) : `due ${dateTime(j.dueAt)}`),
    plan
      ? h(
          'div',
          {},
          h('strong', {}, `What (${minutes(plan.estimatedMinutes)}): `),
          h('ol', {}, ...plan.tasks.map((t) => h('li', {}, t))),
        )
      : h('p', {}, h('strong', {}, 'What: '), humanize(j.failureMode)),
    j.status === 'completed' ? null : partsBlock(j.parts, plan),
    j.why ? h('p', { class: 'muted' }, `Why you: ${j.why}`) : null,
    error,
    h(
      'div',
      { class: 'actions' },
      ['scheduled'].includes(j.status) ? button('Start job', () => void start(), { class: 'primary' }) : null,
      j.status === 'in_progress'
        ? h('a', { class: 'button primary', href: `#/jobs/${j.workOrderId}` }, 'Close out')
        : null,
    ),
  );
}

/** Reserved parts and where to pick them up; before dispatch reserves them, what the plan needs. */
function partsBlock(reserved: MyJob['parts'], plan: JobPlan | null): HTMLElement {
  if (reserved.length > 0) {
    const items = reserved.map((p) =>
      h('li', {}, `${p.qty} × ${p.partId}, pick up at ${p.warehouseId} `, badge(p.status)),
    );
    return h('div', {}, h('strong', {}, 'Parts reserved for you:'), h('ul', {}, ...items));
  }
  const needed = plan?.parts ?? [];
  if (needed.length === 0) return h('p', {}, h('strong', {}, 'Parts: '), 'none needed');
  return h(
    'div',
    {},
    h('strong', {}, 'Parts needed (not reserved):'),
    h('ul', {}, ...needed.map((p) => h('li', {}, `${p.quantity} × ${p.partId}`))),
  );
}

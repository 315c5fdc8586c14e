/// <reference lib="dom" />
import type { WorkOrderDetail } from '@pdm/shared';
import { get, getOptional } from '../api.js';
import { dateTime, humanize, minutes, relative } from '../format.js';
import { riskScore } from '../risk.js';
import type { PageContext } from '../router.js';
import { badge, h, mount } from '../view.js';
import { card, evidenceSection, timelineSection } from './evidence.js';
import { closeOutSection, type OrderDispatch, partsSection, proposalSection } from './order-dispatch.js';
import { type AssetRegister, criticalityMap } from './queue.js';
import { actionsSection } from './work-order-actions.js';

export interface JobPlan {
  id: string;
  failureMode: string;
  title: string;
  tasks: string[];
  skills: { skill: string; level: number }[];
  parts: { partId: string; quantity: number }[];
  estimatedMinutes: number;
}

/** One work order: facts, evidence chart, proposal, job plan, parts, timeline and the planner's actions. */
export async function workOrderPage(ctx: PageContext): Promise<void> {
  const id = ctx.params.id!;
  const order = await get<WorkOrderDetail>(`/work-orders/${encodeURIComponent(id)}`);
  const [plan, dispatch, register] = await Promise.all([
    order.jobPlanId ? getOptional<JobPlan>(`/job-plans/${encodeURIComponent(order.jobPlanId)}`) : null,
    getOptional<OrderDispatch>(`/console/work-orders/${encodeURIComponent(id)}/dispatch`),
    getOptional<AssetRegister>('/assets'),
  ]);
  const evidence = evidenceSection(order);
  ctx.onLeave(() => evidence.chart?.destroy());
  const reload = () => workOrderPage(ctx);
  mount(
    ctx.main,
    h('p', {}, h('a', { href: '#/queue' }, '← Queue')),
    header(order, criticalityMap(register).get(order.assetId)),
    h(
      'div',
      { class: 'wo-layout' },
      h('div', { class: 'wo-main' }, evidence.el, timelineSection(order)),
      h(
        'div',
        { class: 'wo-side' },
        closeOutSection(dispatch),
        actionsSection(order, plan, reload),
        proposalSection(dispatch),
        planSection(plan),
        partsSection(plan, dispatch),
      ),
    ),
  );
}

function header(o: WorkOrderDetail, criticality: number | undefined): HTMLElement {
  const now = Date.now();
  const p = o.predictedFailureAt;
  const fact = (term: string, ...value: (Node | string)[]) => [h('dt', {}, term), h('dd', {}, ...value)];
  return h(
    'header',
    { class: 'card wo-header' },
    h('h1', {}, o.title || `${o.assetId}: ${humanize(o.failureMode)}`),
    h(
      'p',
      { class: 'badges' },
      badge(o.status),
      ' ',
      badge(`P${o.priority}`, `p${o.priority}`),
      ' ',
      badge(o.severity),
      ' ',
      h(
        'span',
        { class: 'muted' },
        `risk ${riskScore(o, now, criticality)} · ${o.assetId} (criticality ${criticality ?? '?'}) at ${o.siteId} · ${humanize(o.failureMode)}`,
      ),
    ),
    h(
      'dl',
      { class: 'facts' },
      fact('Predicted failure', p ? `${relative(p.p10, now)} (p10)` : 'no model estimate'),
      fact('p10 – p50 – p90', p ? `${dateTime(p.p10)} – ${dateTime(p.p50)} – ${dateTime(p.p90)}` : '–'),
      fact('Due', o.dueAt ? `${dateTime(o.dueAt)} (${relative(o.dueAt, now)})` : '–'),
      fact(
        'Alerts',
        `${o.alertCount}${o.alertCleared ? ' (cleared)' : ''}, last ${relative(o.lastAlertAt, now)}`,
      ),
      fact('Assignee', o.assigneeId ?? 'unassigned'),
      fact('Created', dateTime(o.createdAt)),
    ),
  );
}

function planSection(plan: JobPlan | null): HTMLElement {
  if (!plan) return card('Job plan', h('p', { class: 'muted' }, 'No job plan for this failure mode.'));
  return card(
    'Job plan',
    h('p', {}, h('strong', {}, plan.title), ` · about ${minutes(plan.estimatedMinutes)}`),
    h('ol', {}, ...plan.tasks.map((t) => h('li', {}, t))),
    h(
      'p',
      {},
      'Skills: ',
      plan.skills.map((s) => `${humanize(s.skill)} (level ${s.level})`).join(', ') || '–',
    ),
  );
}

/// <reference lib="dom" />
import type { WorkOrder, WorkOrderPage } from '@pdm/shared';
import { get, getOptional, query } from '../api.js';
import { dateTime, humanize, relative } from '../format.js';
import { live } from '../live.js';
import { deadlineOf, rankByRisk, riskScore } from '../risk.js';
import type { PageContext } from '../router.js';
import { badge, field, h, mount } from '../view.js';

const STATUS_CHOICES: [string, string][] = [
  ['proposed', 'Proposed (to review)'],
  ['proposed,approved,scheduled,in_progress,awaiting_parts', 'All open'],
  ['approved,scheduled', 'Approved or scheduled'],
  ['awaiting_parts', 'Awaiting parts'],
  ['in_progress', 'In progress'],
  ['completed,closed', 'Completed or closed'],
  ['rejected,cancelled', 'Rejected or cancelled'],
];
const MAX_PAGES = 5;

/** Fetches every page of orders matching the filter (up to MAX_PAGES of 200). */
export async function fetchOrders(filter: Record<string, string | undefined>): Promise<WorkOrder[]> {
  const items: WorkOrder[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page: WorkOrderPage = await get<WorkOrderPage>(
      `/work-orders${query({ ...filter, limit: 200, cursor: cursor ?? undefined })}`,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return items;
}

/** The planner's queue of predicted work orders, ranked by risk, refreshed every few seconds. */
export async function queuePage(ctx: PageContext): Promise<void> {
  const status = h(
    'select',
    { name: 'status' },
    ...STATUS_CHOICES.map(([v, t]) => h('option', { value: v }, t)),
  );
  const priority = h(
    'select',
    { name: 'priority' },
    h('option', { value: '' }, 'Any'),
    ...[1, 2, 3, 4, 5].map((p) => h('option', { value: p }, `P${p}`)),
  );
  const search = h('input', { name: 'search', type: 'search', placeholder: 'asset, site, failure mode' });
  const updated = h('span', { class: 'live', 'aria-live': 'off' });
  const results = h('div', { class: 'table-wrap' });
  const filters = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter the queue' },
    field('Status', status),
    field('Priority', priority),
    field('Search', search),
    updated,
  );
  filters.addEventListener('submit', (e) => e.preventDefault());
  mount(ctx.main, h('h1', {}, 'Predicted work orders'), filters, results);

  let orders: WorkOrder[] = [];
  let criticality = new Map<string, number>();
  const render = () => renderTable(results, filterText(orders, search.value), criticality);
  const refresh = async () => {
    const [page, register] = await Promise.all([
      fetchOrders({ status: status.value, priority: priority.value || undefined }),
      getOptional<AssetRegister>('/assets'),
    ]);
    orders = page;
    criticality = criticalityMap(register);
    render();
    updated.textContent = `Updated ${new Date().toLocaleTimeString()} · ${orders.length} order${orders.length === 1 ? '' : 's'}`;
  };
  const poll = live(refresh, 5_000, (e) => {
    updated.textContent = `Live updates paused: ${e.message}`;
  });
  ctx.onLeave(poll.stop);
  status.addEventListener('change', () => void poll.now());
  priority.addEventListener('change', () => void poll.now());
  search.addEventListener('input', render);
  await poll.now();
}

function filterText(orders: WorkOrder[], text: string): WorkOrder[] {
  const needle = text.trim().toLowerCase();
  if (!needle) return orders;
  return orders.filter((o) =>
    [o.assetId, o.siteId, o.failureMode, o.title].some((s) => s.toLowerCase().includes(needle)),
  );
}

/** What GET /assets answers, as far as the console reads it. */
export interface AssetRegister {
  assets: { id: string; criticality: number }[];
}

export function criticalityMap(register: AssetRegister | null): Map<string, number> {
  return new Map((register?.assets ?? []).map((a) => [a.id, a.criticality]));
}

function renderTable(el: HTMLElement, orders: WorkOrder[], criticality: Map<string, number>): void {
  const now = Date.now();
  if (orders.length === 0) {
    mount(el, h('p', { class: 'muted' }, 'No work orders match these filters.'));
    return;
  }
  const crit = (assetId: string) => criticality.get(assetId);
  const rows = rankByRisk(orders, now, crit).map((o) =>
    h(
      'tr',
      { 'data-order': o.id },
      h('td', {}, h('strong', {}, String(riskScore(o, now, crit(o.assetId))))),
      h('td', {}, badge(`P${o.priority}`, `p${o.priority}`)),
      h('td', {}, h('a', { href: `#/orders/${o.id}` }, o.title || `${o.assetId} ${humanize(o.failureMode)}`)),
      h(
        'td',
        {},
        `${o.assetId}`,
        h('br'),
        h('small', { class: 'muted' }, `${o.siteId} · criticality ${crit(o.assetId) ?? '?'}`),
      ),
      h('td', {}, badge(o.status)),
      h('td', {}, badge(o.severity)),
      h('td', {}, failureCell(o, now)),
      h(
        'td',
        {},
        o.dueAt ? relative(o.dueAt, now) : '–',
        h('br'),
        h('small', { class: 'muted' }, dateTime(o.dueAt)),
      ),
      h('td', {}, String(o.alertCount), o.alertCleared ? h('small', { class: 'muted' }, ' (cleared)') : null),
      h('td', {}, o.assigneeId ?? h('span', { class: 'muted' }, 'unassigned')),
    ),
  );
  const headers = [
    'Risk',
    'Priority',
    'Work order',
    'Asset',
    'Status',
    'Severity',
    'Predicted failure',
    'Due',
    'Alerts',
    'Assignee',
  ];
  mount(
    el,
    h(
      'table',
      { class: 'queue' },
      h('caption', {}, 'Ranked by risk: priority, time to predicted failure, asset criticality, severity'),
      h('thead', {}, h('tr', {}, ...headers.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...rows),
    ),
  );
}

function failureCell(o: WorkOrder, now: number): Node | string {
  const p = o.predictedFailureAt;
  if (!p) return deadlineOf(o) === null ? '–' : 'no model estimate';
  return h(
    'span',
    {},
    relative(p.p10, now),
    h('br'),
    h('small', { class: 'muted' }, `p10–p90: ${dateTime(p.p10)} – ${dateTime(p.p90)}`),
  );
}

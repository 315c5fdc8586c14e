/// <reference lib="dom" />
import { get, getOptional } from '../api.js';
import { dateTime, humanize, percent, relative } from '../format.js';
import { live } from '../live.js';
import type { PageContext } from '../router.js';
import { badge, h, mount, table } from '../view.js';
import { card } from './evidence.js';

/** What GET /console/fleet-health answers (see cloud/src/web/fleet-summary.ts). */
interface FleetHealth {
  generatedAt: number;
  assets: {
    id: string;
    siteId: string;
    name: string;
    criticality: number;
    health: string;
    openOrders: number;
    worstSeverity: string | null;
  }[];
  gateways: {
    online: number;
    stale: number;
    offline: number;
    items: { id: string; state: string; stale: boolean; lastSeenAt: number }[];
  };
  orders: Record<string, number>;
  sla: { completed: number; onTime: number; attainment: number | null };
  detectors: {
    ruleOrModel: string;
    source: string;
    orders: number;
    approved: number;
    rejected: number;
    acceptance: number | null;
    completed: number;
    medianLeadTimeMs: number | null;
  }[];
}

/** What GET /outcomes answers: figures measured from technicians' close-outs. */
interface Outcome {
  ruleOrModel: string;
  version: string;
  closedOrders: number;
  confirmed: number;
  falseAlarms: number;
  precision: number | null;
  medianLeadTimeHours: number | null;
}

const OPEN = ['proposed', 'approved', 'scheduled', 'in_progress', 'awaiting_parts'];
const HOUR = 3_600_000;

/** Assets by health, gateways online or stale, open orders, SLA attainment, detector figures. */
export async function fleetPage(ctx: PageContext): Promise<void> {
  const body = h('div');
  const status = h('p', { class: 'live', 'aria-live': 'off' });
  mount(ctx.main, h('h1', {}, 'Fleet health'), status, body);
  const refresh = async () => {
    const [f, outcomes] = await Promise.all([
      get<FleetHealth>('/console/fleet-health'),
      getOptional<{ items: Outcome[] }>('/outcomes'),
    ]);
    mount(
      body,
      stats(f),
      h('div', { class: 'grid' }, assetsCard(f), gatewaysCard(f)),
      outcomesCard(outcomes),
      detectorsCard(f),
    );
    status.textContent = `Updated ${new Date(f.generatedAt).toLocaleTimeString()}`;
  };
  const poll = live(refresh, 10_000, (e) => {
    status.textContent = `Could not refresh: ${e.message}`;
  });
  ctx.onLeave(poll.stop);
  await poll.now();
}

function stats(f: FleetHealth): HTMLElement {
  const open = OPEN.reduce((n, s) => n + (f.orders[s] ?? 0), 0);
  const atRisk = f.assets.filter((a) => a.health === 'at_risk').length;
  const stat = (label: string, value: string, note: string) =>
    h(
      'section',
      { class: 'card', 'aria-label': label },
      h('h2', {}, label),
      h('p', { class: 'stat' }, value),
      h('p', { class: 'muted' }, note),
    );
  return h(
    'div',
    { class: 'grid stats' },
    stat('Assets at risk', `${atRisk} / ${f.assets.length}`, 'with an open major or critical order'),
    stat(
      'Gateways online',
      `${f.gateways.online} / ${f.gateways.items.length}`,
      `${f.gateways.stale} stale, ${f.gateways.offline} offline`,
    ),
    stat(
      'Open orders',
      String(open),
      OPEN.filter((s) => f.orders[s])
        .map((s) => `${f.orders[s]} ${humanize(s)}`)
        .join(', ') || 'none',
    ),
    stat(
      'SLA attainment',
      percent(f.sla.attainment),
      `${f.sla.onTime} of ${f.sla.completed} completed by their due date`,
    ),
  );
}

function assetsCard(f: FleetHealth): HTMLElement {
  const order = { at_risk: 0, watch: 1, healthy: 2 } as Record<string, number>;
  const sorted = [...f.assets].sort(
    (a, b) => (order[a.health] ?? 3) - (order[b.health] ?? 3) || b.criticality - a.criticality,
  );
  return card(
    'Assets by health',
    sorted.length === 0
      ? h('p', { class: 'muted' }, 'No assets registered.')
      : table(
          ['Asset', 'Site', 'Criticality', 'Health', 'Open orders'],
          sorted.map((a) => [
            `${a.name} (${a.id})`,
            a.siteId,
            String(a.criticality),
            badge(humanize(a.health), a.health),
            String(a.openOrders),
          ]),
        ),
  );
}

function gatewaysCard(f: FleetHealth): HTMLElement {
  const now = Date.now();
  return card(
    'Gateways',
    f.gateways.items.length === 0
      ? h('p', { class: 'muted' }, 'No gateway has reported yet.')
      : table(
          ['Gateway', 'State', 'Last seen'],
          f.gateways.items.map((g) => [
            g.id,
            badge(g.stale ? 'stale' : g.state),
            h('span', { title: dateTime(g.lastSeenAt) }, relative(g.lastSeenAt, now)),
          ]),
        ),
  );
}

function outcomesCard(outcomes: { items: Outcome[] } | null): HTMLElement {
  const title = 'Measured precision and lead time';
  if (!outcomes)
    return card(title, h('p', { class: 'muted' }, 'Close-out outcomes are not available on this server.'));
  return card(
    title,
    h('p', { class: 'muted' }, 'From close-outs: precision is confirmed failures out of closed orders.'),
    outcomes.items.length === 0
      ? h('p', { class: 'muted' }, 'No order has been closed out yet.')
      : table(
          [
            'Rule or model',
            'Version',
            'Closed',
            'Confirmed',
            'False alarms',
            'Precision',
            'Median lead time',
          ],
          outcomes.items.map((o) => [
            o.ruleOrModel,
            o.version,
            String(o.closedOrders),
            String(o.confirmed),
            String(o.falseAlarms),
            percent(o.precision),
            o.medianLeadTimeHours === null ? '–' : `${o.medianLeadTimeHours.toFixed(1)} h`,
          ]),
        ),
  );
}

function detectorsCard(f: FleetHealth): HTMLElement {
  return card(
    'Rules and models: planner decisions',
    h(
      'p',
      { class: 'muted' },
      'Acceptance: approved out of decided orders. Lead time: first alert to completed repair (median).',
    ),
    f.detectors.length === 0
      ? h('p', { class: 'muted' }, 'No alerts yet.')
      : table(
          [
            'Rule or model',
            'Source',
            'Orders',
            'Approved',
            'Rejected',
            'Acceptance',
            'Completed',
            'Median lead time',
          ],
          f.detectors.map((d) => [
            d.ruleOrModel,
            d.source,
            String(d.orders),
            String(d.approved),
            String(d.rejected),
            percent(d.acceptance),
            String(d.completed),
            d.medianLeadTimeMs === null ? '–' : `${(d.medianLeadTimeMs / HOUR).toFixed(1)} h`,
          ]),
        ),
  );
}

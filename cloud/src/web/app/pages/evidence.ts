/// <reference lib="dom" />
import type { WorkOrderDetail } from '@pdm/shared';
import { type Chart, evidenceChart } from '../chart/evidence-chart.js';
import { dateTime, humanize } from '../format.js';
import { badge, h } from '../view.js';

/**
 * The evidence chart of a work order: each sensor's series leading up to the alert, the alert
 * scores against their threshold, the predicted-failure band (p10–p90) and the due date.
 */
export function evidenceSection(order: WorkOrderDetail): { el: HTMLElement; chart: Chart | null } {
  const sensors = Object.entries(order.evidence).filter(([, points]) => points.length > 0);
  const scored = [...order.alerts].sort((a, b) => a.observedAt - b.observedAt);
  const latest = scored.at(-1);
  const panels = sensors.map(([sensor, points]) => ({ name: humanize(sensor), points }));
  if (scored.length > 0) {
    panels.push({
      name: `alert score (${latest!.ruleOrModel}, threshold ${latest!.threshold})`,
      points: scored.map((a) => [a.observedAt, a.score] as [number, number]),
      threshold: latest!.threshold,
      dots: true,
    } as (typeof panels)[number]);
  }
  if (panels.length === 0) {
    return {
      el: card('Evidence', h('p', { class: 'muted' }, 'This work order carries no sensor evidence.')),
      chart: null,
    };
  }
  const p = order.predictedFailureAt;
  const chart = evidenceChart({
    label: describe(
      order,
      sensors.map(([s]) => s),
    ),
    panels,
    panelHeight: sensors.length > 2 ? 110 : 140,
    overlays: {
      band: p,
      due: order.dueAt,
      markers: scored.map((a) => ({ at: a.observedAt, label: `${a.state} ${a.ruleOrModel}` })),
    },
  });
  return { el: card('Evidence', legend(), chart.el), chart };
}

function describe(order: WorkOrderDetail, sensors: string[]): string {
  const p = order.predictedFailureAt;
  return [
    `Evidence chart of ${sensors.join(', ') || 'alert scores'} for ${order.assetId}`,
    p ? `predicted failure between ${dateTime(p.p10)} and ${dateTime(p.p90)}` : 'no predicted failure time',
    order.dueAt ? `due ${dateTime(order.dueAt)}` : 'no due date',
  ].join('; ');
}

function legend(): HTMLElement {
  const item = (cls: string, text: string) =>
    h('li', {}, h('span', { class: `key ${cls}`, 'aria-hidden': 'true' }), text);
  return h(
    'ul',
    { class: 'legend' },
    item('key-threshold', 'threshold'),
    item('key-band', 'predicted failure p10–p90 (dotted: p50)'),
    item('key-due', 'due date'),
    item('key-alert', 'alert'),
  );
}

/** Alerts and status changes, newest first. */
export function timelineSection(order: WorkOrderDetail): HTMLElement {
  const entries = [
    ...order.alerts.map((a) => ({
      at: a.observedAt,
      node: h(
        'span',
        {},
        badge(a.severity),
        ` ${a.source} alert ${a.state}: ${a.ruleOrModel} v${a.version}, score ${a.score} (threshold ${a.threshold})`,
        a.message ? h('br') : null,
        a.message ? h('small', { class: 'muted' }, a.message) : null,
      ),
    })),
    ...order.events.map((e) => ({
      at: e.at,
      node: h(
        'span',
        {},
        badge(e.to),
        ` ${e.from ? `${e.from.replace(/_/g, ' ')} → ` : ''}${e.to.replace(/_/g, ' ')} by ${e.actor}`,
        e.reason ? `: “${e.reason}”` : '',
      ),
    })),
  ].sort((a, b) => b.at - a.at);
  return card(
    'Timeline',
    h(
      'ol',
      { class: 'timeline', reversed: true },
      ...entries.map((e) =>
        h('li', {}, h('time', { datetime: new Date(e.at).toISOString() }, dateTime(e.at)), ' ', e.node),
      ),
    ),
  );
}

export function card(title: string, ...children: (Node | null)[]): HTMLElement {
  return h('section', { class: 'card', 'aria-label': title }, h('h2', {}, title), ...children);
}

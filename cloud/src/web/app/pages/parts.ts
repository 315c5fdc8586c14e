/// <reference lib="dom" />
import { getOptional } from '../api.js';
import { dateTime } from '../format.js';
import type { PageContext } from '../router.js';
import { badge, h, mount, table } from '../view.js';
import { card } from './evidence.js';

interface Part {
  id: string;
  name?: string;
  reorderPoint?: number;
  leadTimeMs?: number;
}
interface Stock {
  warehouseId: string;
  partId: string;
  onHand: number;
  reserved: number;
}
interface Reservation {
  id?: string;
  workOrderId: string;
  partId: string;
  qty: number;
  warehouseId: string;
  status: string;
}
interface PurchaseRequest {
  id: string;
  partId: string;
  qty: number;
  status: string;
  reason: string;
  expectedAt: number;
  workOrderId: string | null;
  lateForFailure: boolean;
}

type List<T> = { items: T[] } | null;

/** Stock per warehouse, reservations, purchase requests and the items at risk. */
export async function partsPage(ctx: PageContext): Promise<void> {
  const [parts, stock, reservations, requests] = await Promise.all([
    getOptional<{ items: Part[] }>('/parts'),
    getOptional<{ items: Stock[] }>('/stock'),
    getOptional<{ items: Reservation[] }>('/reservations'),
    getOptional<{ items: PurchaseRequest[] }>('/purchase-requests'),
  ]);
  mount(
    ctx.main,
    h('h1', {}, 'Parts'),
    card('Items at risk', atRisk(parts, stock, requests)),
    card('Stock per warehouse', stockTable(stock)),
    h(
      'div',
      { class: 'grid' },
      card('Reservations', reservationTable(reservations)),
      card('Purchase requests', requestTable(requests)),
    ),
  );
}

function unavailable(what: string): HTMLElement {
  return h('p', { class: 'muted' }, `The ${what} endpoint is not available on this server yet.`);
}

function atRisk(parts: List<Part>, stock: List<Stock>, requests: List<PurchaseRequest>): HTMLElement {
  if (!parts || !stock) return unavailable('parts or stock');
  const rows = parts.items.flatMap((p) => {
    const free = stock.items.filter((s) => s.partId === p.id).reduce((n, s) => n + s.onHand - s.reserved, 0);
    const late = (requests?.items ?? []).filter(
      (r) => r.partId === p.id && r.status === 'open' && r.lateForFailure,
    );
    const low = p.reorderPoint !== undefined && free <= p.reorderPoint;
    if (!low && late.length === 0) return [];
    const why = [
      low ? `${free} free, reorder point ${p.reorderPoint}` : '',
      late.length ? `${late.length} purchase late for a predicted failure` : '',
    ];
    return [[p.id, p.name ?? '', String(free), why.filter(Boolean).join('; ')]];
  });
  return rows.length === 0
    ? h('p', {}, 'No part is below its reorder point or late.')
    : table(['Part', 'Name', 'Free', 'Why'], rows);
}

function stockTable(stock: List<Stock>): HTMLElement {
  if (!stock) return unavailable('stock');
  const sorted = [...stock.items].sort(
    (a, b) => a.warehouseId.localeCompare(b.warehouseId) || a.partId.localeCompare(b.partId),
  );
  return table(
    ['Warehouse', 'Part', 'On hand', 'Reserved', 'Free'],
    sorted.map((s) => [
      s.warehouseId,
      s.partId,
      String(s.onHand),
      String(s.reserved),
      String(s.onHand - s.reserved),
    ]),
  );
}

function reservationTable(list: List<Reservation>): HTMLElement {
  if (!list) return unavailable('reservations');
  if (list.items.length === 0) return h('p', { class: 'muted' }, 'No reservations.');
  return table(
    ['Order', 'Part', 'Qty', 'Warehouse', 'Status'],
    list.items.map((r) => [
      h('a', { href: `#/orders/${r.workOrderId}` }, r.workOrderId.slice(-6)),
      r.partId,
      String(r.qty),
      r.warehouseId,
      badge(r.status),
    ]),
  );
}

function requestTable(list: List<PurchaseRequest>): HTMLElement {
  if (!list) return unavailable('purchase requests');
  if (list.items.length === 0) return h('p', { class: 'muted' }, 'No purchase requests.');
  return table(
    ['Part', 'Qty', 'For', 'Expected', 'Status'],
    list.items.map((r) => [
      r.partId,
      String(r.qty),
      r.workOrderId ? h('a', { href: `#/orders/${r.workOrderId}` }, r.reason) : r.reason,
      dateTime(r.expectedAt),
      h('span', {}, badge(r.status), r.lateForFailure ? badge('late for failure', 'late') : ''),
    ]),
  );
}

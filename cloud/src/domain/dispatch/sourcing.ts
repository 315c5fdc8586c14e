import type { TravelModel } from './travel.js';
import type { DispatchInstance, DispatchOrder, PartNeed, PartPick, Technician, Warehouse } from './types.js';

/** Stock that can still be promised: on hand minus reserved, per warehouse and part. */
export class StockIndex {
  private readonly free = new Map<string, number>();
  private readonly largest = new Map<string, number>();
  readonly fixed: readonly Warehouse[];
  readonly byId: ReadonlyMap<string, Warehouse>;

  constructor(instance: Pick<DispatchInstance, 'stock' | 'warehouses'>) {
    for (const s of instance.stock) {
      const key = stockKey(s.warehouseId, s.partId);
      this.free.set(key, (this.free.get(key) ?? 0) + Math.max(0, s.onHand - s.reserved));
    }
    for (const [key, qty] of this.free) {
      const partId = key.slice(key.indexOf('|') + 1);
      this.largest.set(partId, Math.max(this.largest.get(partId) ?? 0, qty));
    }
    this.fixed = instance.warehouses.filter((w) => w.technicianId === null);
    this.byId = new Map(instance.warehouses.map((w) => [w.id, w]));
  }

  available(warehouseId: string, partId: string): number {
    return this.free.get(stockKey(warehouseId, partId)) ?? 0;
  }

  /** True when at least one warehouse or van holds the whole quantity. */
  anywhere(need: PartNeed): boolean {
    return (this.largest.get(need.partId) ?? 0) >= need.qty;
  }
}

export function stockKey(warehouseId: string, partId: string): string {
  return `${warehouseId}|${partId}`;
}

/** The candidate sources of one part line, best first within each kind. */
interface LineSources {
  site: PartPick | null;
  transfers: PartPick[];
}

function lineSources(order: DispatchOrder, need: PartNeed, ctx: SourcingContext): LineSources {
  let site: PartPick | null = null;
  const transfers: PartPick[] = [];
  for (const w of ctx.stock.fixed) {
    if (ctx.stock.available(w.id, need.partId) < need.qty) continue;
    if (w.siteId === order.siteId) {
      site ??= { ...need, warehouseId: w.id, kind: 'site', transferMin: 0 };
    } else {
      const transferMin = ctx.travel.minutes(w.location, order.location);
      transfers.push({ ...need, warehouseId: w.id, kind: 'transfer', transferMin });
    }
  }
  transfers.sort((a, b) => a.transferMin - b.transferMin);
  return { site, transfers: transfers.slice(0, 2) };
}

export interface SourcingContext {
  stock: StockIndex;
  travel: TravelModel;
}

/** Sourcing plans that do not depend on the technician: site first, and transfer first. */
export interface OrderSourcing {
  depotPlans: PartPick[][];
  lines: LineSources[];
}

export function orderSourcing(order: DispatchOrder, ctx: SourcingContext): OrderSourcing {
  const lines = order.parts.map((need) => lineSources(order, need, ctx));
  const siteFirst = lines.map((l) => l.site ?? l.transfers[0] ?? null);
  const transferFirst = lines.map((l) => l.transfers[0] ?? l.site ?? null);
  const secondTransfer = lines.map((l) => l.transfers[1] ?? l.transfers[0] ?? l.site ?? null);
  const depotPlans = dedupePlans([siteFirst, transferFirst, secondTransfer]);
  return { depotPlans, lines };
}

/**
 * The sourcing plans for one order and technician: the van first (then site, then nearest
 * warehouse), plus the plans that leave the van alone. A part line is never split.
 */
export function sourcingPlans(
  order: DispatchOrder,
  tech: Technician,
  base: OrderSourcing,
  ctx: SourcingContext,
): PartPick[][] {
  if (order.parts.length === 0) return [[]];
  const van = tech.vanWarehouseId;
  if (van === null) return base.depotPlans;
  let usesVan = false;
  const vanFirst = order.parts.map((need, i) => {
    if (ctx.stock.available(van, need.partId) >= need.qty) {
      usesVan = true;
      return { ...need, warehouseId: van, kind: 'van', transferMin: 0 } satisfies PartPick;
    }
    const line = base.lines[i];
    return line?.site ?? line?.transfers[0] ?? null;
  });
  if (!usesVan) return base.depotPlans;
  return dedupePlans([vanFirst, ...base.depotPlans]);
}

function dedupePlans(plans: (PartPick | null)[][]): PartPick[][] {
  const seen = new Set<string>();
  const out: PartPick[][] = [];
  for (const plan of plans) {
    if (plan.some((p) => p === null)) continue;
    const complete = plan as PartPick[];
    const key = complete.map((p) => p.warehouseId).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(complete);
  }
  return out;
}

/** Part lines no single warehouse or van can cover: these need a purchase. */
export function missingParts(order: DispatchOrder, stock: StockIndex): PartNeed[] {
  return order.parts.filter((need) => !stock.anywhere(need));
}

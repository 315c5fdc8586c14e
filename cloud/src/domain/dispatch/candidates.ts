import { availableMinutes, clipShifts, earliestFit } from './shifts.js';
import { missingParts, orderSourcing, type SourcingContext, StockIndex, sourcingPlans } from './sourcing.js';
import type { TravelModel } from './travel.js';
import type {
  DispatchInstance,
  DispatchOrder,
  DispatchWeights,
  PartNeed,
  PartPick,
  Technician,
  TimeWindow,
} from './types.js';

const MINUTE = 60_000;

/** One way an order can be done: by this technician, with parts from these warehouses. */
export interface Candidate {
  order: number;
  tech: number;
  picks: PartPick[];
  travelMin: number;
  /** Travel plus work: what the job takes from the technician's time. */
  loadMin: number;
  startAt: number;
  endAt: number;
  latenessMin: number;
  transferMin: number;
  cost: number;
}

export type BlockReason =
  | 'no_skilled_technician'
  | 'no_shift_time'
  | 'parts_not_reachable'
  | 'needs_purchase';

export interface PreparedOrder {
  order: DispatchOrder;
  weight: number;
  candidates: number[];
  unassignedCost: number;
  blocked: BlockReason | null;
  missing: PartNeed[];
}

export interface StockRow {
  warehouseId: string;
  partId: string;
  available: number;
  /** Candidate index and quantity it draws. */
  draws: [number, number][];
}

/** Everything the heuristic, the MILP and the explanations share. */
export interface Prepared {
  instance: DispatchInstance;
  weights: DispatchWeights;
  candidates: Candidate[];
  orders: PreparedOrder[];
  techAvailMin: number[];
  fairShareMin: number[];
  stockRows: StockRow[];
}

export function skillsMet(tech: Technician, order: DispatchOrder): boolean {
  return order.requiredSkills.every((r) => (tech.skills[r.skill] ?? 0) >= r.level);
}

export function latenessWeight(weights: DispatchWeights, priority: number): number {
  return weights.latenessPerMin[priority] ?? 1;
}

interface TechView {
  tech: Technician;
  shifts: TimeWindow[];
  availMin: number;
}

interface Env {
  instance: DispatchInstance;
  weights: DispatchWeights;
  ctx: SourcingContext;
  techs: TechView[];
}

function pricePlan(env: Env, order: DispatchOrder, t: number, picks: PartPick[]): Candidate | null {
  const view = env.techs[t] as TechView;
  const { tech } = view;
  const travelMin = env.ctx.travel.minutes(tech.location ?? tech.home, order.location);
  const loadMin = travelMin + order.durationMin;
  if (loadMin > tech.dailyCapacityMin || loadMin > view.availMin) return null;
  const transferMin = picks.reduce((m, p) => Math.max(m, p.transferMin), 0);
  const startAt = earliestFit(view.shifts, env.instance.now + transferMin * MINUTE, loadMin);
  if (startAt === null) return null;
  const endAt = startAt + Math.ceil(loadMin * MINUTE);
  const due = order.dueAt ?? order.predictedFailureAt;
  const latenessMin = due === null ? 0 : Math.max(0, (endAt - due) / MINUTE);
  const w = env.weights;
  const moved = order.currentAssigneeId !== null && order.currentAssigneeId !== tech.id;
  const cost =
    w.travelPerMin * travelMin +
    latenessWeight(w, order.priority) * latenessMin +
    w.transferPerMin * transferMin +
    (moved ? w.reassignPenalty : 0);
  return { order: -1, tech: t, picks, travelMin, loadMin, startAt, endAt, latenessMin, transferMin, cost };
}

function prepareOrder(env: Env, order: DispatchOrder, out: Candidate[]): PreparedOrder {
  const weight = latenessWeight(env.weights, order.priority);
  const prepared: PreparedOrder = {
    order,
    weight,
    candidates: [],
    unassignedCost: 0,
    blocked: null,
    missing: [],
  };
  prepared.missing = missingParts(order, env.ctx.stock);
  if (prepared.missing.length > 0) return { ...prepared, blocked: 'needs_purchase' };
  const base = orderSourcing(order, env.ctx);
  let skilled = 0;
  let planned = 0;
  let maxCost = 0;
  env.techs.forEach((view, t) => {
    if (!skillsMet(view.tech, order)) return;
    skilled++;
    const plans = sourcingPlans(order, view.tech, base, env.ctx);
    if (plans.length > 0) planned++;
    for (const picks of plans) {
      const c = pricePlan(env, order, t, picks);
      if (c === null) continue;
      prepared.candidates.push(out.length);
      out.push(c);
      maxCost = Math.max(maxCost, c.cost);
    }
  });
  prepared.unassignedCost = maxCost + env.weights.unassignedBase * weight;
  if (prepared.candidates.length > 0) return prepared;
  const blocked =
    skilled === 0 ? 'no_skilled_technician' : planned === 0 ? 'parts_not_reachable' : 'no_shift_time';
  return { ...prepared, blocked };
}

function stockRows(candidates: readonly Candidate[], stock: StockIndex): StockRow[] {
  const rows = new Map<string, StockRow & { worst: Map<number, number> }>();
  candidates.forEach((c, index) => {
    for (const p of c.picks) {
      const key = `${p.warehouseId}|${p.partId}`;
      let row = rows.get(key);
      if (!row) {
        const available = stock.available(p.warehouseId, p.partId);
        row = { warehouseId: p.warehouseId, partId: p.partId, available, draws: [], worst: new Map() };
        rows.set(key, row);
      }
      row.draws.push([index, p.qty]);
      row.worst.set(c.order, Math.max(row.worst.get(c.order) ?? 0, p.qty));
    }
  });
  const binding: StockRow[] = [];
  for (const { worst, ...row } of rows.values()) {
    let potential = 0;
    for (const q of worst.values()) potential += q;
    if (potential > row.available) binding.push(row);
  }
  return binding;
}

/**
 * Builds every feasible (order, technician, sourcing plan) option: skills at level, a shift that
 * holds travel plus work after the parts are ready, within daily capacity. Infeasible pairs never
 * reach the model.
 */
export function prepare(instance: DispatchInstance, weights: DispatchWeights, travel: TravelModel): Prepared {
  const horizon = { start: instance.now, end: instance.now + instance.horizonMs };
  const techs = instance.technicians.map((tech) => ({
    tech,
    shifts: clipShifts(tech.shifts, horizon),
    availMin: availableMinutes(tech, horizon),
  }));
  const stock = new StockIndex(instance);
  const env: Env = { instance, weights, ctx: { stock, travel }, techs };
  const candidates: Candidate[] = [];
  const orders = instance.orders.map((order, i) => {
    const from = candidates.length;
    const p = prepareOrder(env, order, candidates);
    for (let k = from; k < candidates.length; k++) (candidates[k] as Candidate).order = i;
    return p;
  });
  const techAvailMin = techs.map((t) => t.availMin);
  return {
    instance,
    weights,
    candidates,
    orders,
    techAvailMin,
    fairShareMin: fairShares(orders, candidates, techAvailMin),
    stockRows: stockRows(candidates, stock),
  };
}

/** Each technician's share of the expected load, in proportion to their available minutes. */
function fairShares(
  orders: readonly PreparedOrder[],
  candidates: readonly Candidate[],
  avail: number[],
): number[] {
  let demand = 0;
  for (const o of orders) {
    let least = Number.POSITIVE_INFINITY;
    for (const c of o.candidates) least = Math.min(least, (candidates[c] as Candidate).loadMin);
    if (Number.isFinite(least)) demand += least;
  }
  const supply = avail.reduce((a, b) => a + b, 0);
  const ratio = supply > 0 ? Math.min(1, demand / supply) : 0;
  return avail.map((a) => a * ratio);
}

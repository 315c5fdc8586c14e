import type { Highs } from 'highs';
import type { DispatchInstance, DispatchPlan, Prepared } from '../../src/domain/dispatch/index.js';
import {
  availableMinutes,
  DEFAULT_TRAVEL,
  evaluate,
  haversineTravel,
} from '../../src/domain/dispatch/index.js';

import { loadHighsRuntime } from '../../src/services/dispatch/highs-runtime.js';

/** One HiGHS runtime per test file, loaded on first use. */
export function highs(): Promise<Highs> {
  return loadHighsRuntime();
}

const MINUTE = 60_000;

/** Checks a plan against the raw instance, independently of the solver's own bookkeeping. */
export function violations(instance: DispatchInstance, plan: DispatchPlan): string[] {
  const out: string[] = [];
  const travel = haversineTravel(DEFAULT_TRAVEL);
  const horizon = { start: instance.now, end: instance.now + instance.horizonMs };
  const load = new Map<string, number>();
  const drawn = new Map<string, number>();
  const seen = new Set<string>();
  const byTech = new Map<string, DispatchPlan['assignments']>();
  for (const a of plan.assignments) byTech.set(a.technicianId, [...(byTech.get(a.technicianId) ?? []), a]);
  for (const a of plan.assignments) {
    if (seen.has(a.orderId)) out.push(`${a.orderId} assigned twice`);
    seen.add(a.orderId);
    const order = instance.orders.find((o) => o.id === a.orderId);
    const tech = instance.technicians.find((t) => t.id === a.technicianId);
    if (!order || !tech) {
      out.push(`${a.orderId}: unknown order or technician`);
      continue;
    }
    for (const r of order.requiredSkills) {
      if ((tech.skills[r.skill] ?? 0) < r.level)
        out.push(`${a.orderId}: ${tech.id} lacks ${r.skill} ${r.level}`);
    }
    // The route: jobs in start order, each travelling from the previous job's site.
    const route = (byTech.get(tech.id) ?? []).slice().sort((x, y) => x.startAt - y.startAt);
    const k = route.indexOf(a);
    const prev = k > 0 ? route[k - 1] : undefined;
    const prevOrder = prev ? instance.orders.find((o) => o.id === prev.orderId) : undefined;
    const from = prevOrder?.location ?? tech.location ?? tech.home;
    const minutes = travel.minutes(from, order.location) + order.durationMin;
    const inShift = tech.shifts.some(
      (s) => s.start <= a.startAt && a.startAt + minutes * MINUTE <= s.end + 1,
    );
    if (!inShift || a.startAt < instance.now) out.push(`${a.orderId}: not inside a shift of ${tech.id}`);
    if (prev && a.startAt < prev.endAt) out.push(`${a.orderId}: overlaps ${prev.orderId} of ${tech.id}`);
    load.set(tech.id, (load.get(tech.id) ?? 0) + minutes);
    if (a.parts.length !== order.parts.length) out.push(`${a.orderId}: parts not all sourced`);
    for (const p of a.parts) {
      const w = instance.warehouses.find((x) => x.id === p.warehouseId);
      if (w?.technicianId && w.technicianId !== tech.id)
        out.push(`${a.orderId}: uses another technician's van`);
      const key = `${p.warehouseId}|${p.partId}`;
      drawn.set(key, (drawn.get(key) ?? 0) + p.qty);
    }
  }
  for (const tech of instance.technicians) {
    const used = load.get(tech.id) ?? 0;
    if (used > availableMinutes(tech, horizon) + 1e-6) out.push(`${tech.id}: ${used} min over capacity`);
  }
  for (const [key, qty] of drawn) {
    const [w, p] = key.split('|');
    const free = instance.stock
      .filter((s) => s.warehouseId === w && s.partId === p)
      .reduce((a, s) => a + s.onHand - s.reserved, 0);
    if (qty > free) out.push(`${key}: drew ${qty} of ${free}`);
  }
  return out;
}

/** Exhaustive search over every order's options (or none), with capacity and stock checked. */
export function bruteForce(p: Prepared): number {
  const choice = new Int32Array(p.orders.length).fill(-1);
  let best = Number.POSITIVE_INFINITY;
  const visit = (i: number) => {
    if (i === p.orders.length) {
      const e = evaluate(p, choice);
      if (e.violations.length === 0) best = Math.min(best, e.objective);
      return;
    }
    const options = [-1, ...(p.orders[i]?.candidates ?? [])];
    for (const c of options) {
      choice[i] = c;
      visit(i + 1);
    }
    choice[i] = -1;
  };
  visit(0);
  return best;
}

// Queue-aware pricing. The assignment model prices each option as if its job started alone at the
// technician's earliest fitting shift time; once sequenced, jobs queue behind each other and most of
// the plan's lateness comes from that queue. This re-prices every (order, technician) option with
// the start it would get in that technician's current route: after the route's jobs due no later
// than it (the earliest-due-first place), travelling from the previous stop, inside the shifts and
// the day's remaining capacity. Only the lateness (and so the cost) of options changes: the options,
// their loads, capacity and stock rows stay, so every plan feasible in one model is feasible in the
// other, and a bound computed on the re-priced model is a bound for that model only.
import type { Candidate, Prepared } from './candidates.js';
import { type SequencedPlan, slot } from './sequence.js';
import { clipShifts } from './shifts.js';
import type { TravelModel } from './travel.js';
import type { GeoPoint, TimeWindow } from './types.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

interface Stop {
  order: number;
  due: number;
  weight: number;
  /** The option's own load (travel from the technician's position plus work): the tie-break. */
  loadMin: number;
  startAt: number;
  endAt: number;
  load: number;
  location: GeoPoint;
}

interface TechRoute {
  shifts: TimeWindow[];
  stops: Stop[];
  cursor: number;
  dayUsed: Map<number, number>;
  at: GeoPoint;
  cap: number;
}

function dueOf(p: Prepared, order: number): number {
  const o = p.instance.orders[order];
  return o?.dueAt ?? o?.predictedFailureAt ?? Number.POSITIVE_INFINITY;
}

/** Each technician's route of a sequenced plan, in route order, and where it starts from. */
function routes(p: Prepared, seq: SequencedPlan): TechRoute[] {
  const { now, horizonMs } = p.instance;
  const out = p.instance.technicians.map((t): TechRoute => {
    const shifts = clipShifts(t.shifts, { start: now, end: now + horizonMs });
    const dayUsed = new Map<number, number>();
    let cursor = now;
    const first = shifts[0];
    if (first && t.committedMin > 0) {
      cursor = Math.max(first.start, now) + t.committedMin * MINUTE;
      dayUsed.set(Math.floor(Math.max(first.start, now) / DAY), t.committedMin);
    }
    return { shifts, stops: [], cursor, dayUsed, at: t.location ?? t.home, cap: t.dailyCapacityMin };
  });
  seq.jobs.forEach((job, order) => {
    if (!job) return;
    const cand = p.candidates[job.candidate] as Candidate;
    const o = p.instance.orders[order];
    if (!o) return;
    (out[cand.tech] as TechRoute).stops.push({
      order,
      due: dueOf(p, order),
      weight: p.orders[order]?.weight ?? 1,
      loadMin: cand.loadMin,
      startAt: job.startAt,
      endAt: job.endAt,
      load: job.travelMin + o.durationMin,
      location: o.location,
    });
  });
  for (const r of out) r.stops.sort((a, b) => a.startAt - b.startAt);
  return out;
}

/**
 * Whether the route's stop `s` goes ahead of option `cand` in the sequencer's first order: earliest
 * due, then heavier weight, then shorter job, then the lower order index (its stable sort).
 */
function goesAhead(p: Prepared, s: Stop, cand: Candidate, due: number): boolean {
  if (s.due !== due) return s.due < due;
  const weight = p.orders[cand.order]?.weight ?? 1;
  if (s.weight !== weight) return s.weight > weight;
  return s.loadMin !== cand.loadMin ? s.loadMin < cand.loadMin : s.order < cand.order;
}

/**
 * Lateness in minutes of `cand` in its technician's route: at its place there when the route has
 * the order, else at its earliest-due place among the route's stops; travelling from the stop
 * before it.
 */
function queuedLateness(p: Prepared, travel: TravelModel, route: TechRoute, cand: Candidate): number {
  const o = p.instance.orders[cand.order];
  if (!o) return cand.latenessMin;
  const due = dueOf(p, cand.order);
  let cursor = route.cursor;
  let at = route.at;
  const dayUsed = new Map(route.dayUsed);
  // Where the route has the order, its place there: the plan the queues come from then costs in
  // the model what its routes cost (travel aside), also where the sequencer moved a job ahead.
  const own = route.stops.findIndex((s) => s.order === cand.order);
  for (const [k, s] of route.stops.entries()) {
    if (own >= 0 ? k >= own : !goesAhead(p, s, cand, due)) break;
    cursor = s.endAt;
    at = s.location;
    const day = Math.floor(s.startAt / DAY);
    dayUsed.set(day, (dayUsed.get(day) ?? 0) + s.load);
  }
  const load = travel.minutes(at, o.location) + o.durationMin;
  if (!Number.isFinite(due)) return 0;
  const from = Math.max(cursor, p.instance.now + cand.transferMin * MINUTE);
  // No slot left at that place: start where the queue ends, past the shifts.
  const startAt = slot(route.shifts, dayUsed, route.cap, from, load) ?? from;
  const endAt = startAt + Math.ceil(load * MINUTE);
  return Math.max(cand.latenessMin, (endAt - due) / MINUTE);
}

/**
 * The same options with each one's lateness taken at its place in its technician's route of
 * `seq`: a new model (costs only) for the solver. With `previous` (the model `seq`'s plan was
 * solved on), each option's lateness is the mean of the two: undamped, the second solve exploited
 * options priced on queues the move itself would lengthen, and its plans sequenced worse (measured
 * at 500 x 100, 2 s: sequenced costs 73.8k / 99.8k / 91.4k undamped, 69.8k / 92.2k / 77.3k with the
 * mean, 77.2k / 94.4k / 85.3k with the max of the two). Unassigned costs keep their rule (dearest
 * option plus the base times the weight) and never drop.
 */
export function queuePriced(
  base: Prepared,
  seq: SequencedPlan,
  travel: TravelModel,
  previous: Prepared | null = null,
): Prepared {
  const techRoutes = routes(base, seq);
  const w = base.weights;
  const candidates = base.candidates.map((c, j) => {
    let latenessMin = queuedLateness(base, travel, techRoutes[c.tech] as TechRoute, c);
    // Damped fixed point: the mean of this queue's lateness and the previous model's.
    const prev = previous?.candidates[j]?.latenessMin;
    if (prev !== undefined) latenessMin = (latenessMin + prev) / 2;
    if (latenessMin === c.latenessMin) return c;
    const weight = base.orders[c.order]?.weight ?? 1;
    const cost = c.cost + weight * (latenessMin - c.latenessMin);
    const endAt = c.endAt + Math.round((latenessMin - c.latenessMin) * MINUTE);
    const startAt = c.startAt + (endAt - c.endAt);
    return { ...c, latenessMin, cost, startAt, endAt };
  });
  const orders = base.orders.map((o) => {
    if (o.candidates.length === 0) return o;
    let dearest = 0;
    for (const c of o.candidates) dearest = Math.max(dearest, (candidates[c] as Candidate).cost);
    return { ...o, unassignedCost: Math.max(o.unassignedCost, dearest + w.unassignedBase * o.weight) };
  });
  return { ...base, candidates, orders };
}

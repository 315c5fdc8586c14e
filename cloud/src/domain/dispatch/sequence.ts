// Sequencing: once orders are assigned, each technician's jobs are put in time order inside their
// shift calendar, travelling from one job site to the next, so that start, end and lateness are
// those of a route rather than of each job alone at the earliest shift start.
//
// Rule: earliest due date first (ties: heavier lateness weight, then shorter job), then a local
// search that relocates one job at a time to any other position while the route's travel plus
// weighted lateness drops. EDD is optimal for the maximum lateness on one machine without release
// times; for weighted lateness with travel between sites the result is a local optimum, not a
// proven one.
import type { Candidate, Prepared } from './candidates.js';
import { clipShifts } from './shifts.js';
import type { Choice } from './solution.js';
import type { TravelModel } from './travel.js';
import type { GeoPoint, TimeWindow } from './types.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const EPS = 1e-9;
/** Above this many jobs per technician only adjacent swaps are tried. */
const RELOCATE_MAX = 30;

export interface PlannedJob {
  candidate: number;
  /** 1-based place in the technician's route. */
  position: number;
  startAt: number;
  endAt: number;
  /** From the previous stop (the technician's position for the first job). */
  travelMin: number;
  latenessMin: number;
}

export interface SequencedPlan {
  /** Per assigned order index: its place in its technician's route, or null when no slot held it. */
  jobs: (PlannedJob | null)[];
  /** Orders assigned by the model that no shift slot could hold once sequenced. */
  unplaced: number[];
  /** The plan's cost with the sequenced travel and lateness (same weights as the model). */
  objective: number;
  travelMin: number;
  latenessCost: number;
  fairnessCost: number;
  unassignedCost: number;
}

interface Route {
  jobs: PlannedJob[];
  unplaced: number[];
  cost: number;
}

function dueOf(p: Prepared, c: Candidate): number | null {
  const o = p.instance.orders[c.order];
  return o ? (o.dueAt ?? o.predictedFailureAt) : null;
}

/** Walks the shift calendar and places the candidates in the given order. */
function simulate(
  p: Prepared,
  travel: TravelModel,
  tech: { index: number; shifts: readonly TimeWindow[] },
  order: readonly number[],
): Route {
  const t = p.instance.technicians[tech.index];
  if (!t) throw new RangeError(`no technician ${tech.index}`);
  const { now } = p.instance;
  const shifts = tech.shifts;
  const w = p.weights;
  const dayUsed = new Map<number, number>();
  let cursor = now;
  let at: GeoPoint = t.location ?? t.home;
  // Minutes of jobs in progress are taken at the first shift time.
  const first = shifts[0];
  if (first && t.committedMin > 0) {
    cursor = Math.max(first.start, now) + t.committedMin * MINUTE;
    dayUsed.set(Math.floor(Math.max(first.start, now) / DAY), t.committedMin);
  }
  const route: Route = { jobs: [], unplaced: [], cost: 0 };
  for (const c of order) {
    const cand = p.candidates[c] as Candidate;
    const o = p.instance.orders[cand.order];
    if (!o) continue;
    const travelMin = travel.minutes(at, o.location);
    const load = travelMin + o.durationMin;
    const startAt = slot(
      shifts,
      dayUsed,
      t.dailyCapacityMin,
      Math.max(cursor, now + cand.transferMin * MINUTE),
      load,
    );
    const weight = p.orders[cand.order]?.weight ?? 1;
    if (startAt === null) {
      route.unplaced.push(c);
      route.cost += p.orders[cand.order]?.unassignedCost ?? 0;
      continue;
    }
    const endAt = startAt + Math.ceil(load * MINUTE);
    const due = dueOf(p, cand);
    const latenessMin = due === null ? 0 : Math.max(0, (endAt - due) / MINUTE);
    const day = Math.floor(startAt / DAY);
    dayUsed.set(day, (dayUsed.get(day) ?? 0) + load);
    route.jobs.push({
      candidate: c,
      position: route.jobs.length + 1,
      startAt,
      endAt,
      travelMin,
      latenessMin,
    });
    route.cost += w.travelPerMin * travelMin + weight * latenessMin;
    cursor = endAt;
    at = o.location;
  }
  return route;
}

/** Earliest start at or after `from` inside one shift and within the day's remaining capacity. */
export function slot(
  shifts: readonly { start: number; end: number }[],
  dayUsed: ReadonlyMap<number, number>,
  capMin: number,
  from: number,
  load: number,
): number | null {
  const needMs = Math.ceil(load * MINUTE);
  for (const s of shifts) {
    let start = Math.max(s.start, from);
    while (start + needMs <= s.end) {
      const day = Math.floor(start / DAY);
      if ((dayUsed.get(day) ?? 0) + load <= capMin + EPS) return start;
      start = (day + 1) * DAY;
    }
  }
  return null;
}

function initialOrder(p: Prepared, cands: number[]): number[] {
  const key = (c: number) => dueOf(p, p.candidates[c] as Candidate) ?? Number.POSITIVE_INFINITY;
  return [...cands].sort((a, b) => {
    const ca = p.candidates[a] as Candidate;
    const cb = p.candidates[b] as Candidate;
    return (
      key(a) - key(b) ||
      (p.orders[cb.order]?.weight ?? 0) - (p.orders[ca.order]?.weight ?? 0) ||
      ca.loadMin - cb.loadMin
    );
  });
}

/** One technician's route: EDD order, then relocations while the cost drops. */
export function sequenceTechnician(p: Prepared, travel: TravelModel, index: number, cands: number[]): Route {
  const t = p.instance.technicians[index];
  const { now, horizonMs } = p.instance;
  const shifts = t ? clipShifts(t.shifts, { start: now, end: now + horizonMs }) : [];
  const tech = { index, shifts };
  let order = initialOrder(p, cands);
  let best = simulate(p, travel, tech, order);
  const n = order.length;
  for (let pass = 0; pass < 20; pass++) {
    let improved = false;
    for (let i = 0; i < n; i++) {
      const targets = n <= RELOCATE_MAX ? [...Array(n).keys()] : [i - 1, i + 1];
      for (const j of targets) {
        if (j === i || j < 0 || j >= n) continue;
        const next = [...order];
        const [moved] = next.splice(i, 1);
        next.splice(j, 0, moved as number);
        const route = simulate(p, travel, tech, next);
        if (route.cost < best.cost - EPS) {
          order = next;
          best = route;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return best;
}

/** Sequences every technician's jobs of a choice and prices the plan with the routes. */
export function sequencePlan(p: Prepared, choice: Choice, travel: TravelModel): SequencedPlan {
  const byTech = new Map<number, number[]>();
  choice.forEach((c) => {
    if (c < 0) return;
    const tech = (p.candidates[c] as Candidate).tech;
    byTech.set(tech, [...(byTech.get(tech) ?? []), c]);
  });
  const jobs: (PlannedJob | null)[] = p.orders.map(() => null);
  const unplaced: number[] = [];
  const load = p.techAvailMin.map(() => 0);
  for (const [tech, cands] of byTech) {
    const route = sequenceTechnician(p, travel, tech, cands);
    for (const job of route.jobs) {
      const cand = p.candidates[job.candidate] as Candidate;
      jobs[cand.order] = job;
      load[tech] = (load[tech] ?? 0) + job.travelMin + (p.instance.orders[cand.order]?.durationMin ?? 0);
    }
    for (const c of route.unplaced) unplaced.push((p.candidates[c] as Candidate).order);
  }
  const w = p.weights;
  let objective = 0;
  let travelMin = 0;
  let latenessCost = 0;
  let unassignedCost = 0;
  p.orders.forEach((o, i) => {
    const c = choice[i] ?? -1;
    const job = jobs[i];
    if (c < 0 || !job) {
      if (o.blocked === null) unassignedCost += o.unassignedCost;
      return;
    }
    const cand = p.candidates[c] as Candidate;
    // The option's fixed parts (transfer, reassignment) stay; travel and lateness are the route's.
    const fixed = cand.cost - w.travelPerMin * cand.travelMin - o.weight * cand.latenessMin;
    objective += fixed + w.travelPerMin * job.travelMin + o.weight * job.latenessMin;
    travelMin += job.travelMin;
    latenessCost += o.weight * job.latenessMin;
  });
  let fairnessCost = 0;
  load.forEach((l, t) => {
    fairnessCost += w.fairnessPerMin * Math.max(0, l - (p.fairShareMin[t] ?? 0));
  });
  objective += unassignedCost + fairnessCost;
  return { jobs, unplaced, objective, travelMin, latenessCost, fairnessCost, unassignedCost };
}

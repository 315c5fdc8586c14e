import type { BlockReason, Candidate, Prepared, PreparedOrder } from './candidates.js';
import type { PlannedJob } from './sequence.js';
import type { PartNeed, PartPick } from './types.js';

const MINUTE = 60_000;

export interface SkillMatch {
  skill: string;
  required: number;
  has: number;
}

/** Why this technician, when, and with which parts: what the planner and technician see. */
export interface Assignment {
  orderId: string;
  technicianId: string;
  /** Planned start and end at its place in the technician's route. */
  startAt: number;
  endAt: number;
  /** Travel from the previous stop of the route (the technician's position for the first). */
  travelMin: number;
  /** Lateness at its place in the route. */
  latenessMin: number;
  /** 1-based place in the technician's route, and the route's number of jobs. */
  position?: number;
  stops?: number;
  /** Lateness as the assignment model priced it (the job alone at its earliest shift start). */
  modelLatenessMin?: number;
  skills: SkillMatch[];
  load: { technicianLoadMin: number; availableMin: number; fairShareMin: number };
  parts: PartPick[];
  cost: number;
  reassigned: boolean;
  summary: string;
}

export interface Unassigned {
  orderId: string;
  reason: BlockReason | 'capacity_or_stock' | 'no_slot_in_route';
  summary: string;
}

/** A purchase an order waits for; `beforeFailure` false means the part lands after the predicted failure. */
export interface PurchaseNeed {
  orderId: string;
  partId: string;
  qty: number;
  leadTimeMs: number | null;
  arrivesAt: number | null;
  predictedFailureAt: number | null;
  beforeFailure: boolean;
  summary: string;
}

const round = (v: number) => Math.round(v * 10) / 10;

function describeParts(parts: readonly PartPick[]): string {
  if (parts.length === 0) return 'no parts';
  return parts
    .map(
      (p) =>
        `${p.qty}x ${p.partId} from ${p.kind === 'transfer' ? `${p.warehouseId} (+${round(p.transferMin)} min transfer)` : `${p.kind} ${p.warehouseId}`}`,
    )
    .join(', ');
}

const clockTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 16)}Z`;

export function explainAssignment(
  p: Prepared,
  c: Candidate,
  techLoadMin: number,
  job?: PlannedJob & { stops: number },
): Assignment {
  const o = p.orders[c.order] as PreparedOrder;
  const tech = p.instance.technicians[c.tech];
  if (!tech) throw new RangeError(`candidate refers to technician ${c.tech}`);
  const skills = o.order.requiredSkills.map((r) => ({
    skill: r.skill,
    required: r.level,
    has: tech.skills[r.skill] ?? 0,
  }));
  const load = {
    technicianLoadMin: round(techLoadMin),
    availableMin: round(p.techAvailMin[c.tech] ?? 0),
    fairShareMin: round(p.fairShareMin[c.tech] ?? 0),
  };
  const skillText = skills.map((s) => `${s.skill} ${s.has}>=${s.required}`).join(', ') || 'no skill required';
  const latenessMin = job?.latenessMin ?? c.latenessMin;
  const travelMin = job?.travelMin ?? c.travelMin;
  const late = latenessMin > 0 ? `${round(latenessMin)} min late` : 'on time';
  const when = job
    ? `job ${job.position} of ${job.stops}, starts ${clockTime(job.startAt)}; ${round(travelMin)} min travel from ${job.position === 1 ? 'their position' : 'the previous job'}`
    : `${round(travelMin)} min travel`;
  const summary =
    `${tech.id}: ${skillText}; ${when}; load ${load.technicianLoadMin}/${load.availableMin} min ` +
    `(fair share ${load.fairShareMin}); ${describeParts(c.picks)}; ${late}`;
  return {
    orderId: o.order.id,
    technicianId: tech.id,
    startAt: job?.startAt ?? c.startAt,
    endAt: job?.endAt ?? c.endAt,
    travelMin: round(travelMin),
    latenessMin: round(latenessMin),
    ...(job ? { position: job.position, stops: job.stops, modelLatenessMin: round(c.latenessMin) } : {}),
    skills,
    load,
    parts: c.picks,
    cost: round(c.cost),
    reassigned: o.order.currentAssigneeId !== null && o.order.currentAssigneeId !== tech.id,
    summary,
  };
}

const BLOCK_TEXT: Record<Unassigned['reason'], string> = {
  no_skilled_technician: 'no technician has every required skill at its level',
  no_shift_time: 'no skilled technician has a shift in the horizon long enough for travel plus work',
  parts_not_reachable: 'the parts are only in vans of technicians who lack the skills',
  needs_purchase: 'parts must be purchased first',
  capacity_or_stock: 'all skilled technicians are full or the stock went to more urgent orders',
  no_slot_in_route:
    "assigned, but no slot of the technician's shifts holds it once their jobs are put in order",
};

export function explainUnassigned(o: PreparedOrder): Unassigned {
  const reason = o.blocked ?? 'capacity_or_stock';
  return { orderId: o.order.id, reason, summary: BLOCK_TEXT[reason] };
}

/** An order the model assigned that sequencing could not fit into its technician's shifts. */
export function explainUnplaced(o: PreparedOrder): Unassigned {
  return { orderId: o.order.id, reason: 'no_slot_in_route', summary: BLOCK_TEXT.no_slot_in_route };
}

export function explainPurchase(o: PreparedOrder, need: PartNeed, p: Prepared): PurchaseNeed {
  const info = p.instance.parts.find((x) => x.id === need.partId);
  const leadTimeMs = info?.leadTimeMs ?? null;
  const arrivesAt = leadTimeMs === null ? null : p.instance.now + leadTimeMs;
  const failureAt = o.order.predictedFailureAt;
  const beforeFailure = arrivesAt !== null && (failureAt === null || arrivesAt <= failureAt);
  let summary = `no warehouse or van holds ${need.qty}x ${need.partId}`;
  if (arrivesAt === null) summary += '; supplier lead time unknown';
  else summary += `; supplier lead time ${round(leadTimeMs! / (60 * MINUTE))} h`;
  if (!beforeFailure && failureAt !== null) {
    const shortBy = arrivesAt === null ? null : round((arrivesAt - failureAt) / (60 * MINUTE));
    summary +=
      shortBy === null
        ? '; cannot promise arrival before the predicted failure'
        : `; arrives ${shortBy} h after the predicted failure`;
  }
  return {
    orderId: o.order.id,
    partId: need.partId,
    qty: need.qty,
    leadTimeMs,
    arrivesAt,
    predictedFailureAt: failureAt,
    beforeFailure,
    summary,
  };
}

import { type AssetType, type FailureMode, type SensorFaultKind, sensorIdsOf } from '../devices/catalog.js';
import type { AssetSpec, Operation, Scenario, SensorFaultSpec } from '../scenarios/schema.js';
import { type FaultCourse, NOMINAL_TIME_TO_FAILURE_MS, randomWarp } from './progression.js';
import { exponential, streamOf, type Uniform } from './random.js';

export interface SensorFaultPlan {
  sensor: string;
  kind: SensorFaultKind;
  startAt: number;
  endAt: number;
  magnitude: number | undefined;
  /** spike: the sample times that carry a spike. */
  spikeTimes: number[];
}

export interface AssetPlan {
  index: number;
  siteId: string;
  assetId: string;
  type: AssetType;
  /** The asset's rate: the interval of every sensor without its own. */
  sampleInterval: number;
  sensors: string[];
  /** Each reported sensor's sample interval, in the order of `sensors`. */
  sensorIntervals: number[];
  operation: Operation;
  utcOffsetHours: number;
  faults: FaultCourse[];
  /** The earliest failure among the faults, or null for a healthy asset. */
  failureAt: number | null;
  failureMode: FailureMode | null;
  sensorFaults: SensorFaultPlan[];
}

export interface ScenarioPlan {
  startAt: number;
  endAt: number;
  assets: AssetPlan[];
}

/** Everything random about a run that is decided before it starts: faults, their timing, sensor faults. */
export function planScenario(scenario: Scenario): ScenarioPlan {
  const startAt = scenario.start;
  const endAt = startAt + scenario.duration;
  const assets: AssetPlan[] = [];
  for (const site of scenario.sites) {
    for (const spec of site.assets) {
      const ctx = {
        scenario,
        siteId: site.id,
        utcOffsetHours: site.utcOffsetHours,
        startAt,
        index: assets.length,
      };
      assets.push(planAsset(spec, ctx));
    }
  }
  return { startAt, endAt, assets };
}

interface PlanContext {
  scenario: Scenario;
  siteId: string;
  utcOffsetHours: number;
  startAt: number;
  index: number;
}

function planAsset(spec: AssetSpec, ctx: PlanContext): AssetPlan {
  const { scenario, siteId, startAt } = ctx;
  const rng = streamOf(scenario.seed, siteId, spec.id, 'faults');
  const interval = spec.sampleInterval ?? scenario.sampleInterval;
  const faults: FaultCourse[] = spec.faults.map((f) =>
    courseOf({ mode: f.mode, onsetAt: startAt + f.onset, ttf: f.timeToFailure, spread: f.spread }, rng),
  );
  for (const rate of scenario.faultRates) {
    if (rate.assetTypes && !rate.assetTypes.includes(spec.type)) continue;
    const onset = Math.round(exponential(rng, 86_400_000 / rate.perAssetPerDay));
    if (onset >= scenario.duration) continue;
    faults.push(
      courseOf(
        { mode: rate.mode, onsetAt: startAt + onset, ttf: rate.timeToFailure, spread: rate.spread },
        rng,
      ),
    );
  }
  const first = faults.reduce<FaultCourse | null>(
    (a, f) => (a === null || f.failureAt < a.failureAt ? f : a),
    null,
  );
  const sensorRng = streamOf(scenario.seed, siteId, spec.id, 'sensor-faults');
  const sensors = spec.sensors ?? sensorIdsOf(spec.type);
  const intervalOf = (sensor: string): number => spec.sensorIntervals?.[sensor] ?? interval;
  return {
    index: ctx.index,
    siteId,
    assetId: spec.id,
    type: spec.type,
    sampleInterval: interval,
    sensors,
    sensorIntervals: sensors.map(intervalOf),
    operation: spec.operation ?? scenario.operation,
    utcOffsetHours: ctx.utcOffsetHours,
    faults,
    failureAt: first?.failureAt ?? null,
    failureMode: first?.mode ?? null,
    sensorFaults: spec.sensorFaults.map((f) =>
      planSensorFault(f, { startAt, interval: intervalOf(f.sensor), rng: sensorRng }),
    ),
  };
}

function courseOf(
  f: { mode: FailureMode; onsetAt: number; ttf: number | undefined; spread: number },
  rng: Uniform,
): FaultCourse {
  const nominal = f.ttf ?? NOMINAL_TIME_TO_FAILURE_MS[f.mode];
  const ttf = Math.max(60_000, Math.round(nominal * (1 + f.spread * (2 * rng() - 1))));
  return { mode: f.mode, onsetAt: f.onsetAt, failureAt: f.onsetAt + ttf, warp: randomWarp(rng) };
}

function planSensorFault(
  f: SensorFaultSpec,
  ctx: { startAt: number; interval: number; rng: Uniform },
): SensorFaultPlan {
  const startAt = ctx.startAt + f.at;
  const endAt = startAt + f.duration;
  return {
    sensor: f.sensor,
    kind: f.kind,
    startAt,
    endAt,
    magnitude: f.magnitude,
    spikeTimes:
      f.kind === 'spike' ? spikeSlots({ ...ctx, origin: ctx.startAt, startAt, endAt, count: f.count }) : [],
  };
}

/**
 * Distinct sample times of the sensor (at its own interval) inside the window, at least three
 * samples apart so each spike is isolated.
 */
function spikeSlots(w: {
  origin: number;
  startAt: number;
  endAt: number;
  interval: number;
  rng: Uniform;
  count: number;
}): number[] {
  const firstSlot = Math.ceil((w.startAt - w.origin) / w.interval);
  const slots = Math.floor((w.endAt - 1 - w.origin) / w.interval) - firstSlot + 1;
  const picked = new Set<number>();
  for (let tries = 0; picked.size < w.count && tries < w.count * 50; tries++) {
    const slot = Math.floor(w.rng() * slots);
    let clear = true;
    for (const p of picked) if (Math.abs(p - slot) < 3) clear = false;
    if (clear && slot >= 0) picked.add(slot);
  }
  return [...picked].sort((a, b) => a - b).map((s) => w.origin + (firstSlot + s) * w.interval);
}

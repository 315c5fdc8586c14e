import type { AssetType, FailureMode, SensorFaultKind } from './devices/catalog.js';
import { planScenario, type ScenarioPlan } from './physics/plan.js';
import type { Scenario } from './scenarios/schema.js';

export interface FaultTruth {
  siteId: string;
  assetId: string;
  assetType: AssetType;
  mode: FailureMode;
  onsetAt: number;
  /** When damage crosses the failure threshold (may lie after the run's end). */
  failureAt: number;
  /** True when this fault is the one that stops the asset. */
  causesFailure: boolean;
  /** True when the failure happens before the run ends. */
  failsInRun: boolean;
}

export interface SensorFaultTruth {
  siteId: string;
  assetId: string;
  sensor: string;
  kind: SensorFaultKind;
  startAt: number;
  endAt: number;
  spikeTimes: number[];
}

export interface GroundTruth {
  scenario: string;
  seed: number;
  startAt: number;
  endAt: number;
  assets: {
    siteId: string;
    assetId: string;
    assetType: AssetType;
    failureAt: number | null;
    failureMode: FailureMode | null;
  }[];
  faults: FaultTruth[];
  sensorFaults: SensorFaultTruth[];
}

/** What will happen in a run, known before it starts: machine faults, failures, sensor faults. */
export function groundTruthOf(scenario: Scenario, plan: ScenarioPlan = planScenario(scenario)): GroundTruth {
  const truth: GroundTruth = {
    scenario: scenario.name,
    seed: scenario.seed,
    startAt: plan.startAt,
    endAt: plan.endAt,
    assets: [],
    faults: [],
    sensorFaults: [],
  };
  for (const a of plan.assets) {
    const ids = { siteId: a.siteId, assetId: a.assetId };
    truth.assets.push({ ...ids, assetType: a.type, failureAt: a.failureAt, failureMode: a.failureMode });
    const sorted = [...a.faults].sort((x, y) => x.onsetAt - y.onsetAt);
    for (const f of sorted) {
      const causesFailure = a.failureAt === f.failureAt && a.failureMode === f.mode;
      truth.faults.push({
        ...ids,
        assetType: a.type,
        mode: f.mode,
        onsetAt: f.onsetAt,
        failureAt: f.failureAt,
        causesFailure,
        failsInRun: causesFailure && f.failureAt < plan.endAt,
      });
    }
    for (const s of a.sensorFaults) {
      truth.sensorFaults.push({
        ...ids,
        sensor: s.sensor,
        kind: s.kind,
        startAt: s.startAt,
        endAt: s.endAt,
        spikeTimes: s.spikeTimes,
      });
    }
  }
  return truth;
}

export function groundTruthJson(truth: GroundTruth): string {
  return `${JSON.stringify(truth, null, 2)}\n`;
}

const iso = (ms: number | null): string => (ms === null ? '' : new Date(ms).toISOString());

/** One row per machine fault, and healthy assets with empty fault columns. */
export function groundTruthCsv(truth: GroundTruth): string {
  const lines = ['site_id,asset_id,asset_type,failure_mode,onset_at,failure_at,causes_failure,fails_in_run'];
  for (const a of truth.assets) {
    const faults = truth.faults.filter((f) => f.siteId === a.siteId && f.assetId === a.assetId);
    if (faults.length === 0) lines.push(`${a.siteId},${a.assetId},${a.assetType},,,,false,false`);
    for (const f of faults) {
      lines.push(
        [
          a.siteId,
          a.assetId,
          a.assetType,
          f.mode,
          iso(f.onsetAt),
          iso(f.failureAt),
          f.causesFailure,
          f.failsInRun,
        ].join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Sensor faults (not machine faults), one row each; spike times separated by `;`. */
export function sensorFaultsCsv(truth: GroundTruth): string {
  const lines = ['site_id,asset_id,sensor,kind,start_at,end_at,spike_times'];
  for (const s of truth.sensorFaults) {
    lines.push(
      [
        s.siteId,
        s.assetId,
        s.sensor,
        s.kind,
        iso(s.startAt),
        iso(s.endAt),
        s.spikeTimes.map(iso).join(';'),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

export {
  ASSET_CATALOG,
  ASSET_TYPES,
  type AssetType,
  FAILURE_MODES,
  type FailureMode,
  SENSOR_FAULT_KINDS,
  type SensorFaultKind,
  sensorIdsOf,
} from './devices/catalog.js';
export { type GeneratedSample, type GenerateOptions, generateSamples } from './generate.js';
export {
  type FaultTruth,
  type GroundTruth,
  groundTruthCsv,
  groundTruthJson,
  groundTruthOf,
  type SensorFaultTruth,
  sensorFaultsCsv,
} from './ground-truth.js';
export { planScenario, type ScenarioPlan } from './physics/plan.js';
export { type RunOptions, runSimulation, type WireFormat } from './publish/run.js';
export type { SimProgress, SimSummary, SimulationRun } from './publish/stream.js';
export {
  CMAPSS_FAILURE_MODES,
  CMAPSS_UNKNOWN_MODE,
  type ReplayData,
  type ReplayFailure,
} from './replay/datasets.js';
export { loadReplay } from './replay/load.js';
export { type ReplayRunOptions, runReplay } from './replay/run.js';
export {
  CMAPSS_SUBSETS,
  REPLAY_KINDS,
  type ReplaySpec,
  type ReplaySpecInput,
  ReplaySpecSchema,
} from './replay/spec.js';
export { BUILTIN_SCENARIOS } from './scenarios/builtin.js';
export { loadScenario, parseScenario } from './scenarios/load.js';
export { type Scenario, type ScenarioInput, ScenarioSchema } from './scenarios/schema.js';

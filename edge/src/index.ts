// Public API of @pdm/edge: config, the agent and the embedded broker.
export { type AgentDeps, type EdgeAgent, type EdgeStats, startAgent } from './agent.js';
export {
  applyEnvOverrides,
  type EdgeConfig,
  type EdgeConfigInput,
  EdgeConfigSchema,
  ENV_OVERRIDES,
  loadEdgeConfig,
  parseEdgeConfig,
} from './config.js';
export { BAD_REASONS, type BadMessageSample, type BadReason } from './domain/bad-messages.js';
export { DetectionEngine, type EngineSink } from './domain/engine.js';
export {
  type EmbeddedBroker,
  type EmbeddedBrokerOptions,
  type EmbeddedBrokerUser,
  startEmbeddedBroker,
} from './io/embedded-broker.js';
export { ModelRunner } from './io/model-runner.js';

// The tfjs-free part of @pdm/models: feature code and online detectors, cheap to import. The edge
// uses this on its hot path and loads the tfjs runtime (`@pdm/models`) only when a model is configured.
export * from './detectors/index.js';
export * from './features/index.js';
export * from './runtime/card.js';

// Runtime entry of @pdm/models: what the edge may import. Training code lives under src/train
// and is never imported from here.
export * from './online.js';
export * from './runtime/anomaly-scorer.js';
export * from './runtime/artifact.js';
export * from './runtime/backend.js';
export * from './runtime/rul-predictor.js';

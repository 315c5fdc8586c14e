export * from './baseline.js';
export * from './detector.js';
export * from './ewma-z.js';
export * from './likelihood.js';
export * from './registry.js';
export * from './stats.js';
export * from './surprise.js';

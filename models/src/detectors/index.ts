export * from './detector.js';
export * from './ewma-z.js';

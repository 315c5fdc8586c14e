export * from './servers.js';
export * from './stack.js';

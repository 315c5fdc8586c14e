export * from './band-energy.js';
export * from './moments.js';
export * from './ring-buffer.js';
export * from './window-features.js';

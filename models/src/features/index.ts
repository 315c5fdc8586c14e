export * from './asset-windows.js';
export * from './band-energy.js';
export * from './cmapss.js';
export * from './moments.js';
export * from './ring-buffer.js';
export * from './rul-spec.js';
export * from './window-features.js';

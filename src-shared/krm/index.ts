export * from './object.js';
export * from './condition.js';

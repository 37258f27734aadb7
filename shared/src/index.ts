export * from './protocol/index.js';
export * from './keywords/index.js';

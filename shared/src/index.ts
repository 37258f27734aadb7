export * from './protocol/index.js';
export * from './keywords/index.js';
export * from './policy/index.js';
export * from './urls/index.js';
export * from './html/escapeHtml.js';

export * from './categoryListFile.js';
export * from './UrlClassifier.js';
export * from './UrlFilter.js';
export * from './browserFilterRules.js';
export * from './checkAddress.js';
export * from './DomainSet.js';
export * from './NameFilter.js';

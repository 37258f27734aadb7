export * from './PolicyDocument.js';
export * from './PolicyAssignment.js';
export * from './TimeWindows.js';
export * from './effectivePolicy.js';
export * from './policyDiff.js';
export * from './policyApi.js';
export * from './PolicyCompiler.js';
export * from './policyPreview.js';

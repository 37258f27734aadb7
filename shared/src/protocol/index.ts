export * from './protocolVersion.js';
export * from './primitives.js';
export * from './eventEnvelope.js';
export * from './agentMessages.js';
export * from './deviceSummary.js';
export * from './staffLiveMessages.js';
export * from './staffApi.js';
export * from './parseMessage.js';

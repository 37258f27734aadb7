export { startAgentRuntime, type AgentRuntimeOptions, type RunningAgent } from './AgentRuntime.js';
export { SqliteOutboxStore } from './storage/SqliteOutboxStore.js';
export { AGENT_VERSION } from './agentVersion.js';

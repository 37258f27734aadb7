export { startConsole, CONSOLE_VERSION, type RunningConsole } from './ConsoleServer.js';
export { consoleConfigFromEnv, type ConsoleConfig } from './config/ConsoleConfig.js';

// The only bridge between Lookout's pages and the main process: nothing from Node, just what a page needs.
// CommonJS because sandboxed preloads cannot be ES modules.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a sandboxed preload must be CommonJS
import electron = require('electron');

electron.contextBridge.exposeInMainWorld('lookout', {
  shell: 'electron' as const,
});

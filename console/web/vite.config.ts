import { defaultClientConditions, defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev` proxies the API and live socket to a console on LOOKOUT_CONSOLE_URL (default :8080).
const consoleUrl = process.env.LOOKOUT_CONSOLE_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['@lookout/source', ...defaultClientConditions] },
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      '/api/live': { target: consoleUrl.replace(/^http/, 'ws'), ws: true },
      '/api': consoleUrl,
    },
  },
});

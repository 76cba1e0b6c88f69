/**
 * The console's build: root web/, output web/dist, served by the console gateway under /console/
 * (src/platform/console). `npx vite --config web/vite.config.ts` serves it for development and forwards the API
 * paths to a running gateway (CONSOLE_URL, default http://127.0.0.1:7099).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const gateway = process.env.CONSOLE_URL ?? 'http://127.0.0.1:7099';

export default defineConfig({
  root,
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // modern evergreen browsers only (Chromium, Firefox, Safari of the last two years)
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    proxy: { '/n/': gateway, '/api/console/': gateway },
  },
});

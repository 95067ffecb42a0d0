import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The UI is built into dist/web, which the server serves at `/` (src/server/web-app.ts). */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // The CSP allows scripts only from 'self': no inline module-preload polyfill.
    modulePreload: { polyfill: false },
  },
  server: { proxy: { '/api': 'http://localhost:4000' } },
});

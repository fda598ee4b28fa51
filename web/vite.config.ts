/**
 * Vite build of the analyst web app. `npm run build:web` writes web/dist, which `vigil serve` serves.
 * Everything (MapLibre, its worker, the world-atlas base layer) is bundled: the app works offline.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // MapLibre is ~1 MB minified; that's expected for an offline map app.
    chunkSizeWarningLimit: 2500,
    // Emit every asset as a file: the CSP allows no inline code and data: only for images.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/openapi.json': 'http://127.0.0.1:8080' },
  },
});

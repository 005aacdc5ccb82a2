import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// base './' so the build also loads from file:// inside Electron. No inline
// module-preload polyfill: the CSP allows no inline script.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    sourcemap: true,
    // One local bundle, loaded from disk, holding both full catalogues and Fluent UI: size matters less than having no network.
    chunkSizeWarningLimit: 1400,
  },
});

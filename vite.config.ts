import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

// The renderer lives in src-renderer (its index.html is the entry); the build goes to <repo>/dist,
// which Electron loads from file:// and the browser-mode host serves over HTTP.
const repoRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: resolve(repoRoot, 'src-renderer'),
  // Relative asset URLs so that file:// loading works in Electron.
  base: './',
  plugins: [react()],
  // Monaco's and monaco-yaml's workers are ES modules.
  worker: { format: 'es' },
  build: {
    outDir: resolve(repoRoot, 'dist'),
    emptyOutDir: true,
    // Monaco's main chunk alone is about 3.6 MB; the default 500 kB warning is noise here.
    chunkSizeWarningLimit: 8000,
    sourcemap: false,
  },
  // Pre-bundling the YAML worker stops the dev server from discovering it on first load and reloading.
  optimizeDeps: { include: ['monaco-yaml/yaml.worker.js'] },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});

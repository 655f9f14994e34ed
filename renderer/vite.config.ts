import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

// Relative asset paths so the same build loads from Electron's app:// protocol and from the test harness.
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  // The renderer shares the IPC contract, and only it, under one name (see eslint.config.mjs).
  resolve: { alias: { '@contract': fileURLToPath(new URL('../electron/contract', import.meta.url)) } },
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
  },
});

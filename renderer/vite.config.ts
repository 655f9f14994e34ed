import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Chunks stay under 500 kB (minified): screens and charts that not everyone needs load on demand. */
const CHUNK_LIMIT_BYTES = 500 * 1000;

function chunkLimit(): Plugin {
  return {
    name: 'clearance-chunk-limit',
    generateBundle(_options, bundle) {
      const over = Object.values(bundle).filter((c) => c.type === 'chunk' && Buffer.byteLength(c.code) > CHUNK_LIMIT_BYTES);
      if (over.length) {
        this.error(
          `renderer chunks over ${CHUNK_LIMIT_BYTES / 1000} kB: ${over.map((c) => c.fileName).join(', ')}; load what they hold on demand (React.lazy)`,
        );
      }
    },
  };
}

// Relative asset paths so the same build loads from Electron's app:// protocol and from the test harness.
export default defineConfig({
  root,
  base: './',
  plugins: [react(), chunkLimit()],
  // The renderer shares the IPC contract, and only it, under one name (see eslint.config.mjs).
  resolve: { alias: { '@contract': fileURLToPath(new URL('../electron/contract', import.meta.url)) } },
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
  },
});

import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

/** Our workspace packages ship TypeScript source, so they are bundled; every other package stays a runtime require. */
const external = [/^(?!@switchboard\/)(?![./\0])(?![A-Za-z]:)/];

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/main/index.ts') }, external },
    },
  },
  preload: {
    // Sandboxed preloads cannot be ES modules: CommonJS, with nothing external but electron.
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    // The same UI bundle as headless, built from packages/ui.
    root: resolve(import.meta.dirname, '../../packages/ui'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: { index: resolve(import.meta.dirname, '../../packages/ui/index.html') } },
    },
  },
});

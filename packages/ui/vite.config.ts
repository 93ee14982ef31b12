import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * main.tsx connects first and imports the app (mount.tsx) dynamically; a modulepreload of the app's chunk in
 * the page lets the browser fetch and compile it while the entry's own modules evaluate.
 */
function preloadApp(): Plugin {
  return {
    name: 'switchboard:preload-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const chunk = Object.values(context.bundle ?? {}).find(
          (output) => output.type === 'chunk' && output.facadeModuleId?.endsWith('/src/mount.tsx'),
        );
        if (!chunk) throw new Error('preload-app: no chunk for src/mount.tsx');
        return [
          {
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `./${chunk.fileName}` },
            injectTo: 'head',
          },
        ];
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), preloadApp()],
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
});

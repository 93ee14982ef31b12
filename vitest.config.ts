import { defineConfig } from 'vitest/config';

const stress = process.env['STRESS'] === '1';

export default defineConfig({
  test: {
    testTimeout: stress ? 600_000 : 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
          exclude: ['packages/ui/test/**/*.dom.test.ts*'],
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'happy-dom',
          include: ['packages/ui/test/**/*.dom.test.ts*'],
        },
      },
    ],
  },
});

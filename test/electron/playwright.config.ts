import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  timeout: 90_000,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: '../../test-results/electron-playwright.json' }]],
  outputDir: '../../test-results/electron-artifacts',
});

import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser. One worker: the specs share
// one preview server and its state directory, and a join started by one spec
// is state the next one sees.
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  globalSetup: './global-setup.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  outputDir: '../test-results',
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] },
    viewport: { width: 1100, height: 760 },
    locale: 'en-US',
    trace: 'retain-on-failure',
  },
});

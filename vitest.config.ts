import { defineConfig } from 'vitest/config';
import { RehearsalsFirstSequencer } from './scripts/testing/rehearsals-first-sequencer.js';

// Unit and integration suites under Node. End-to-end specs (e2e/) run in
// Playwright; PowerShell step tests run in Pester.
export default defineConfig({
  test: {
    include: [
      'shared/**/*.test.ts',
      'electron/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'scripts/**/*.test.ts',
      'build/**/*.test.ts',
      'docs/**/*.test.ts',
    ],
    exclude: ['node_modules/**', 'dist/**', 'e2e/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    sequence: { sequencer: RehearsalsFirstSequencer },
  },
});

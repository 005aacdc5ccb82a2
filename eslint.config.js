import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// Layering rules from docs/architecture: electron only in main and preload,
// no Node or Electron in the renderer, no I/O in shared/.
const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'stream', 'url', 'zlib', 'worker_threads'];
const nodeImports = nodeBuiltins.flatMap((m) => [m, `node:${m}`, `node:${m}/*`]);

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'out', '.tools', 'test-results', 'playwright-report', 'bench/results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'electron is imported only in electron/main and electron/preload.' }] },
      ],
    },
  },
  {
    // Table-driven tests patch answer objects field by field; typing every patch would add noise, not safety.
    files: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['electron/main/**', 'electron/preload/**', 'build/**', 'scripts/**', 'e2e/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        { paths: ['electron', ...nodeImports.filter((n) => !n.endsWith('/*'))], patterns: ['node:*', '**/electron/**'] },
      ],
    },
  },
  {
    files: ['shared/**'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['electron', ...nodeImports.filter((n) => !n.endsWith('/*'))], patterns: ['node:*'] }],
    },
  },
);

// Lint rules for the whole project: typescript-eslint's recommended set, React hooks rules for the
// renderer, and the layering rules of DESIGN.md (the engine and shared code never import Electron).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'release/**', '.tools/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', '**/electron/**', '**/db/**', 'electron', 'better-sqlite3'], message: 'the renderer talks to the engine only through the OutpostApi contract in shared/' }] }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', '**/electron/**', '**/db/**', '**/renderer/**', 'electron', 'better-sqlite3'], message: 'shared/ is pure and runs anywhere' }] }],
    },
  },
  {
    files: ['electron/engine/**/*.ts', 'electron/cli/**/*.ts', 'db/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['electron', '**/renderer/**'], message: 'the engine runs without Electron: put Electron-only needs behind the host interface' }] }],
    },
  },
  {
    // The sync server is deployed alone: it shares only shared/ with the app. Its own database code
    // is server/db/; the app's db/ is one folder further up from wherever the import is written.
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['electron', '**/electron/**', '**/renderer/**', '../../db/**', '../../../db/**'], message: 'the sync server imports nothing from the app: what they share lives in shared/' }] }],
    },
  },
  {
    files: ['server/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['electron', '**/electron/**', '**/renderer/**', '../db/**', '../../db/**'], message: 'the sync server imports nothing from the app: what they share lives in shared/' }] }],
    },
  },
);

/**
 * Lint for the whole tree. The part a new engineer needs first is the layering table: it lives in
 * .eslint/rules/layering.mjs (LAYERS and ALLOWED) and reads, in short:
 *
 *   contract  imports nothing of ours; only zod            (shared with the untrusted renderer)
 *   services  contract, db                                  (never ipc, main, renderer or electron)
 *   db        nothing of ours                               (schema, migrations, dialects)
 *   ipc       contract, services; not kysely or fs            (router and thin handlers: input, one service call, output)
 *   app       contract, services, ipc, db, demo             (composition root, runs without Electron)
 *   demo      contract, services, db                        (synthetic data, a development path)
 *   main      contract, services, ipc, app + electron       (the only Electron code, with preload)
 *   preload   contract + electron
 *   renderer  contract (as @contract/…) and its own code; no Node built-ins
 *   test/, scripts/, config files: anything
 *
 * A violation fails `npm test` with a message naming both layers.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import layering from './.eslint/rules/layering.mjs';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'release/',
      'out/',
      'test-results/',
      'playwright-report/',
      'test/artifacts/',
      '.tmp/',
      'build/icons/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { clearance: { rules: { layering } } },
    rules: {
      'clearance/layering': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    // Node code: main process, services, database, scripts and tests.
    files: ['**/*.{ts,mts,mjs,cjs,js}'],
    ignores: ['renderer/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // The services and the contract are typed all the way down (DESIGN.md: no `any` there).
    files: ['electron/services/**/*.ts', 'electron/contract/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    // Playwright fixtures declare what they depend on by destructuring; `{}` means "nothing".
    files: ['test/e2e/**/*.ts', 'test/electron/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  prettier,
);

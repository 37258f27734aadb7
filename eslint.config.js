import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The pure parts (agent core, shared) may not reach the OS, the network, a database or a platform adapter.
const impureModules = [
  'node:fs',
  'node:fs/promises',
  'node:child_process',
  'node:net',
  'node:http',
  'node:https',
  'fs',
  'child_process',
  'ws',
  'sqlite',
  'sqlite3',
  'electron',
  'get-windows',
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Electron is the shell's business only: the core runs headless under plain Node too. (Before the purity
    // block below, which replaces this rule for the pure folders and forbids Electron there as well.)
    files: ['agent/src/**/*.ts', 'console/**/*.ts', 'shared/**/*.ts'],
    ignores: ['agent/src/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'only agent/src/electron may use Electron.' }] },
      ],
    },
  },
  {
    files: ['shared/src/**/*.ts', 'agent/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: impureModules.map((name) => ({
            name,
            message: 'shared/ and agent core are pure: inject I/O instead.',
          })),
          patterns: [
            {
              group: ['**/platform/linux-x11/**', '**/platform/windows/**', '**/platform/macos/**'],
              message: 'the core uses platform ports, never an OS implementation.',
            },
            {
              group: ['**/storage/**', '**/uplink/**', '**/electron/**'],
              message: 'the core is given its store and transport.',
            },
          ],
        },
      ],
    },
  },
  {
    // The browser extension: plain scripts in the browser, with the extension API as `chrome`.
    files: ['agent/src/extension/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { ...globals.browser, ...globals.serviceworker, chrome: 'readonly' },
    },
  },
  {
    files: ['console/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);

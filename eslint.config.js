// ESLint flat config. `npm run lint` runs it over the tree; `.ci/run` fails when it fails.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Parse TypeScript everywhere; no type-aware rules, so a lint run stays fast. */
const typescript = {
  files: ['**/*.ts', '**/*.tsx'],
  languageOptions: { parser: tseslint.parser, sourceType: 'module' },
};

// ---------------------------------------------------------------------------------------------
// THE FORBIDDEN ARROWS (ARCHITECTURE.md's layer picture), checked with core `no-restricted-imports`.
// Data flows down: server/cli/jobs -> services -> domain/policies, store, integrations.
// Each folder has exactly one block below, and the folders do not overlap, because in a flat config
// a later block's `no-restricted-imports` REPLACES an earlier one's options for the same file.
// General lint rules belong in other blocks: do not set `no-restricted-imports` elsewhere.
// test/architecture/arrows.test.ts proves a broken arrow fails the lint.
// ---------------------------------------------------------------------------------------------

/** An import that reaches a layer folder, however many `../` it takes: `../../store/x.ts`. */
const layer = (...names) => `(^|/)(${names.join('|')})(/|$)`;

const NO_STORE = {
  regex: layer('store'),
  message: "Only services (and the composition root src/deps.ts) reach the store: call a service. For a type, use a domain type or the service's (`Awaited<ReturnType<typeof getMeeting>>`).",
};

/** I/O and infrastructure packages a pure rule never needs. */
const IO_PACKAGES = [
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'net',
  'node:net',
  'http',
  'node:http',
  'https',
  'node:https',
  'child_process',
  'node:child_process',
  'pg',
  'pg-boss',
  'better-sqlite3',
  'kysely',
  'nodemailer',
  'fastify',
].map((name) => ({ name, message: 'Domain rules and policies are pure: pass data in, do I/O in a service.' }));

const PURE_LAYERS = {
  // deps.ts opens the store and config.ts reads the environment: both are I/O one import away.
  regex: `${layer('store', 'services', 'integrations', 'server', 'cli', 'jobs', 'web')}|(^|/)(deps|config)\\.ts$`,
  message: 'Domain rules and policies import only from src/domain/ and src/policies/ (and the app error, src/errors.ts).',
};
const PURE_FILES = ['src/domain/**/*.{ts,tsx}', 'src/policies/**/*.{ts,tsx}'];
const TESTS = ['**/*.test.{ts,tsx}'];

/**
 * The web app may take the API's types from src/, and the pure rules of src/domain/ (no I/O, so they
 * run in the browser as on the server: one home for a heading or a list), never other server code.
 * Which `../` count reaches the
 * repository's src/ depends on how deep the file sits, so there is one block per depth:
 * `web/src/features/x/Y.tsx` reaches it with `../../../../src/`, while `../../src/` there is web/src.
 */
const webBlocks = Array.from({ length: 8 }, (_, i) => {
  const depth = i + 1; // folders between the repository root and the file
  return {
    files: [`web/${'*/'.repeat(depth - 1)}*.{ts,tsx,js,jsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_STORE,
            {
              regex: `^(\\.\\./){${depth}}src/(?!domain/)`,
              allowTypeImports: true,
              message: 'The web app imports from src/ type-only (`import type`), except the pure rules in src/domain/: the server code stays on the server.',
            },
          ],
        },
      ],
    },
  };
});

const arrows = [
  {
    files: ['src/server/**/*.ts', 'src/cli/**/*.ts', 'src/jobs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_STORE] }] },
  },
  {
    files: PURE_FILES,
    ignores: TESTS,
    rules: { 'no-restricted-imports': ['error', { paths: IO_PACKAGES, patterns: [PURE_LAYERS] }] },
  },
  {
    // Tests beside pure code may read their fixtures from disk, but still stay inside the layer.
    files: ['src/domain/**/*.test.{ts,tsx}', 'src/policies/**/*.test.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [PURE_LAYERS] }] },
  },
  {
    files: ['src/store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: layer('services', 'server', 'cli', 'jobs', 'integrations'),
              message: 'The store speaks SQL only: it never calls up into services, routes, CLI, jobs or integrations.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/integrations/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: layer('store', 'services', 'server', 'cli', 'jobs'),
              message: 'Integrations sit behind ports: services call them, never the other way round.',
            },
          ],
        },
      ],
    },
  },
  ...webBlocks,
];
// ------------------------------------ end of the forbidden arrows ----------------------------

// ---------------------------------------------------------------------------------------------
// GENERAL RULES: ESLint's and typescript-eslint's recommended sets (no type information, so a
// run stays near half a minute on two cores), plus a few house rules, on every source folder.
// ---------------------------------------------------------------------------------------------
const SOURCES = ['src/**/*.{ts,tsx}', 'test/**/*.{ts,tsx}', 'bench/**/*.ts', 'scripts/**/*.{ts,mts,mjs}', 'web/**/*.{ts,tsx}', 'bin/*.js', '*.{js,ts}'];

const general = [
  { files: SOURCES, ...js.configs.recommended },
  ...tseslint.configs.recommended.map((block) => ({ ...block, files: block.files ?? SOURCES })),
  {
    files: SOURCES,
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // `x != null` stays allowed: it says "neither null nor undefined" in one comparison.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Notes and agenda text strip control characters on purpose.
      'no-control-regex': 'off',
    },
  },
  // The plain-JS entry points run on Node; TypeScript files get these globals from @types/node.
  { files: ['bin/*.js', 'scripts/**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
  // Migrations are written against `Kysely<any>`, never the app's current schema type (STYLE.md).
  { files: ['src/store/migrations/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  // The integration tests run file after file in one process that keeps its imports (vitest.config.ts,
  // isolate: false): a module mock, a changed process.env or fake timers would carry into the next file.
  // Pass what differs as arguments (an env object, a clock) instead.
  {
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='vi'][callee.property.name=/^(mock|doMock|hoisted|stubEnv|stubGlobal|useFakeTimers)$/]",
          message: 'the integration files share a process: pass the module, env or clock as an argument instead',
        },
        { selector: "AssignmentExpression[left.object.object.name='process'][left.object.property.name='env']", message: 'the integration files share a process: pass an env object instead of changing process.env' },
        { selector: "UnaryExpression[operator='delete'][argument.object.object.name='process'][argument.object.property.name='env']", message: 'the integration files share a process: pass an env object instead of changing process.env' },
      ],
    },
  },
];

export default [{ ignores: ['node_modules/**', 'data/**', 'web/dist/**', 'dist/**', 'coverage/**', 'test-results/**', 'bench/results/**'] }, typescript, ...general, ...arrows];

// ESLint flat config: typescript-eslint's recommended rules, import hygiene
// (no cycles, the module map's layering) and Prettier for formatting.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import prettier from 'eslint-config-prettier';

/**
 * The module map of DESIGN.md: each app's folders in layers, top first.
 * A folder may import only from layers below its own; folders of one layer
 * never import each other. Every forbidden direction is one zone.
 */
const MODULE_MAPS = {
  gateway: {
    map: 'main → gateway-app → gateway.module → lead → pages → forms → defences → http → metrics, health → libs',
    layers: [
      ['main.ts'],
      ['gateway-app.ts'],
      ['gateway.module.ts'],
      ['lead'],
      ['pages'],
      ['forms'],
      ['defences'],
      ['http'],
      ['metrics', 'health'],
    ],
  },
  worker: {
    map: 'main → admin-app, consumer-app → admin-app.module, consumer-probes.module → consumer.module → worker-core.module → admin, health → forms → maintenance → reporting → sla → intake → notify → data → queue → metrics → database → libs',
    layers: [
      ['main.ts'],
      // The two roles' bootstraps and root modules (WORKER_ROLES).
      ['admin-app.ts', 'consumer-app.ts'],
      ['admin-app.module.ts', 'consumer-probes.module.ts'],
      ['consumer.module.ts'],
      ['worker-core.module.ts'],
      ['admin', 'health'],
      ['forms'],
      ['maintenance'],
      ['reporting'],
      ['sla'],
      ['intake'],
      ['notify'],
      ['data'],
      ['queue'],
      ['metrics'],
      ['database'],
    ],
  },
};

function moduleMapZones() {
  const zones = [
    { target: './libs', from: './apps', message: 'libs/ is shared by both apps and imports neither.' },
    { target: './apps/gateway', from: './apps/worker', message: 'The apps share code through libs/ only.' },
    { target: './apps/worker', from: './apps/gateway', message: 'The apps share code through libs/ only.' },
  ];
  for (const [app, { map, layers }] of Object.entries(MODULE_MAPS)) {
    const root = `./apps/${app}/src`;
    layers.forEach((layer, depth) => {
      const forbidden = [...layers.slice(0, depth).flat(), ...layer];
      for (const target of layer) {
        for (const from of forbidden.filter((f) => f !== target)) {
          zones.push({
            target: `${root}/${target}`,
            from: `${root}/${from}`,
            message: `${app}: ${target} may not import ${from}; the module map points down only (${map}).`,
          });
        }
      }
    });
  }
  return zones;
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'var/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': ['error', { zones: moduleMapZones() }],
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
      // Field rules reject control characters on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    // Scripts and the benchmark run on Node (CommonJS).
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'readonly',
        exports: 'readonly',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        __filename: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        performance: 'readonly',
        fetch: 'readonly',
        AbortSignal: 'readonly',
        AbortController: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests read untyped JSON bodies and reach into private state on purpose.
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  prettier,
);

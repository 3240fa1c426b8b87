// Lint: a small rule set plus the architecture. Data flows one way
// (runtime → data → models → pruning → experiments → report → cli); a package may import only those before it.
// The direction is checked on Nx's project graph (edges inferred from the imports, see nx.json) by
// @nx/enforce-module-boundaries, with one depConstraint per `layer:*` tag of the packages' project.json.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const layers = ['runtime', 'data', 'models', 'pruning', 'experiments', 'report', 'cli'];

/** `layer:<pkg>` may depend only on the layers before it (runtime on none). */
const depConstraints = layers.map((pkg, i) => ({
  sourceTag: `layer:${pkg}`,
  onlyDependOnLibsWithTags: layers.slice(0, i).map((l) => `layer:${l}`),
}));

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.nx/**', 'runs/**', 'reports/**', 'datasets/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-expressions': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Only the packages: tools/ (benchmarks and scripts) sits above every layer and reaches into package
    // internals by relative path on purpose (e.g. tools/bench/backends.ts benchmarks runtime's wasm kernels).
    files: ['packages/**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          depConstraints,
          // reason: the CLI `require`s packages inside command handlers to start fast, and Nx records their
          // `typeof import('@l2p/…')` as lazy-loading edges; the rule's "no static import of a lazy-loaded library"
          // check is about bundle splitting, which a Node CLI does not do.
          checkDynamicDependenciesExceptions: ['@l2p/**'],
        },
      ],
    },
  },
);

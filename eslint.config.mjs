// Lint: a small rule set plus the architecture. Data flows one way
// (runtime → data → models → pruning → report → experiments → cli); a package may import only those before it.
import tseslint from 'typescript-eslint';

const layers = ['runtime', 'data', 'models', 'pruning', 'report', 'experiments', 'cli'];

function boundaryRules(pkg) {
  const allowed = new Set(layers.slice(0, layers.indexOf(pkg)));
  const forbidden = layers.filter((l) => l !== pkg && !allowed.has(l));
  return {
    files: [`packages/${pkg}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: forbidden.map((name) => ({
            name: `@l2p/${name}`,
            message: `@l2p/${pkg} may not import @l2p/${name}: packages import only those before them (${layers.join(' → ')}).`,
          })),
          patterns: [{ group: ['../../*/src/*', '../../../packages/*'], message: 'Import other packages by their @l2p name.' }],
        },
      ],
    },
  };
}

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
  ...layers.map(boundaryRules),
);

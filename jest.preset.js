// Shared jest settings: @swc/jest compiles TypeScript without type checking (that is the typecheck target's job),
// and @l2p/* imports resolve to package sources so tests never need a build step.
const path = require('path');

const packages = ['runtime', 'data', 'models', 'pruning', 'report', 'experiments', 'cli'];
// `@l2p/<pkg>/testing` holds a package's test fixtures, for the tests of packages downstream of it.
const moduleNameMapper = Object.fromEntries(
  packages.flatMap((name) => [
    [`^@l2p/${name}$`, path.join(__dirname, 'packages', name, 'src', 'index.ts')],
    [`^@l2p/${name}/testing$`, path.join(__dirname, 'packages', name, 'src', 'testing', 'index.ts')],
  ]),
);

module.exports = {
  testEnvironment: path.join(__dirname, 'tools', 'scripts', 'jest-environment.js'),
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  moduleNameMapper,
  testMatch: ['**/*.spec.ts'],
  testTimeout: 60_000,
  setupFiles: [path.join(__dirname, 'tools', 'scripts', 'jest-setup.js')],
};

// fast-png (and its iobuffer dependency) ship only as ES modules, which jest's CommonJS runtime cannot require
// on Node 20; letting @swc/jest compile them to CommonJS keeps the tests on the same decoder as production.
const preset = require('../../jest.preset.js');

module.exports = {
  ...preset,
  displayName: 'data',
  rootDir: __dirname,
  transformIgnorePatterns: ['/node_modules/(?!(fast-png|iobuffer)/)'],
};

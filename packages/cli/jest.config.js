// `l2p prune --model` writes its HTML report in-process: the report package's jest settings (vega and d3 ship
// only as ES modules, compiled to CommonJS under jest; see packages/report/jest.config.js) apply here too. The
// voc-fcn sweep check reads generated masks with the data package's PNG decoder, so fast-png and its iobuffer
// (ES modules only; see packages/data/jest.config.js) are compiled as well.
const report = require('../report/jest.config.js');

module.exports = {
  ...report,
  displayName: 'cli',
  rootDir: __dirname,
  transformIgnorePatterns: report.transformIgnorePatterns.map((p) => p.replace('(?!(', '(?!(fast-png|iobuffer|')),
};

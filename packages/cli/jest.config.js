// `l2p prune --model` writes its HTML report in-process: the report package's jest settings (vega and d3 ship
// only as ES modules, compiled to CommonJS under jest; see packages/report/jest.config.js) apply here too.
module.exports = { ...require('../report/jest.config.js'), displayName: 'cli', rootDir: __dirname };

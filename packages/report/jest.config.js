// vega and vega-lite (and the d3 modules under them) ship only as ES modules. Jest's CommonJS runtime cannot
// load those, and Node's own require(esm) refuses vega because vega-canvas's Node build has a top-level await.
// So in tests @swc/jest compiles these packages to CommonJS (the src/charts/load-vega.ts `import()` becomes a
// require under swc), and vega-canvas resolves to its browser build, which has no top-level await and needs no
// canvas: charts render through vega's SVG renderer either way. swc's transform cache makes this a one-off cost.
// Outside jest (tsx, the CLI) the same `import()` stays a real dynamic import and Node loads the ES modules.
const preset = require('../../jest.preset.js');

const esmOnly = ['vega', 'vega-[a-z-]+', 'd3-[a-z-]+', 'delaunator', 'internmap', 'robust-predicates', 'json-stringify-pretty-compact'];

module.exports = {
  ...preset,
  displayName: 'report',
  rootDir: __dirname,
  // d3 packages resolve to .mjs files, which the preset's transform pattern does not cover.
  transform: { ...preset.transform, '^.+\\.mjs$': preset.transform['^.+\\.(t|j)sx?$'] },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleNameMapper: {
    ...preset.moduleNameMapper,
    '^vega-canvas$': require.resolve('../../node_modules/vega-canvas/build/vega-canvas.browser.js'),
  },
};

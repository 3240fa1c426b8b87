module.exports = { ...require('../../jest.preset.js'), displayName: 'pruning', rootDir: __dirname };

#!/usr/bin/env node
// The `l2p` command. Sources are TypeScript; tsx compiles them on load (cached), so a fresh clone needs no build.
require('tsx/cjs');
require('../src/main.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });

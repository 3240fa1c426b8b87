#!/usr/bin/env node
// Sums the jest JSON results that each project's `test` target writes to dist/test-results/, and prints one
// closing line "tests: N passed, N failed" that CI reads. Exits non-zero when any test failed or none ran.
const fs = require('fs');
const path = require('path');

const dir = path.join(__dirname, '..', '..', 'dist', 'test-results');
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of files) {
  const result = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  skipped += result.numPendingTests + (result.numTodoTests ?? 0);
  console.log(`  ${path.basename(file, '.json').padEnd(10)} ${result.numPassedTests} passed, ${result.numFailedTests} failed`);
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;

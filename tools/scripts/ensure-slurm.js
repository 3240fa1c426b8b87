#!/usr/bin/env node
/**
 * Makes sure the single-node Slurm cluster the Slurm executor's test submits to is running before `npm test` runs
 * it: `bash tools/slurm/local-cluster.sh start`, which installs Debian's slurm-wlm and munge with apt-get when they
 * are missing and starts munged, slurmctld and slurmd by hand (no systemd here). A cluster that runs is left alone.
 * Where it cannot (not root, no apt-get, a slurm.conf it did not write) the script prints one line saying what to do
 * and exits 1, so `npm test` stops before running anything, as ensure-chromium.js does for the browser tests.
 *
 *   node tools/scripts/ensure-slurm.js      (a step of `npm test`)
 */
const { spawnSync } = require('child_process');
const path = require('path');

const script = path.join(__dirname, '..', 'slurm', 'local-cluster.sh');

if (require.main === module) {
  const res = spawnSync('bash', [script, 'start'], { stdio: 'inherit' });
  if (res.error) {
    console.error(`error: npm test needs the local Slurm cluster for the Slurm executor's test; could not run ${script}: ${res.error.message}`);
    process.exitCode = 1;
  } else {
    process.exitCode = res.status === null ? 1 : res.status;
  }
}

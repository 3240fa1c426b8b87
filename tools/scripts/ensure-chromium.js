#!/usr/bin/env node
/**
 * Makes sure the Chromium the report's browser tests drive is there before `npm test` runs them: L2P_CHROMIUM if
 * set, else Debian's /usr/bin/chromium. When it is missing it installs Debian's `chromium` package with apt-get
 * (non-interactive, --no-install-recommends); npm cannot download a browser on these machines, and playwright's
 * own download needs the internet. Where it cannot install (not root, no apt-get, apt fails) it prints one line
 * saying what to do and exits 1, so `npm test` stops before running anything.
 *
 *   node tools/scripts/ensure-chromium.js      (the first step of `npm test`)
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const APT_ENV = { DEBIAN_FRONTEND: 'noninteractive' };
const INSTALL_ARGS = ['install', '-y', '-qq', '--no-install-recommends', 'chromium'];

/** The binary the browser tests use (the same rule as packages/report/src/testing/browser.ts). */
function chromiumPath(env) {
  return env.L2P_CHROMIUM || DEFAULT_CHROMIUM;
}

/** The first `name` on PATH, or undefined. */
function onPath(name, env) {
  for (const dir of (env.PATH || '').split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** The last non-empty line of a command's output, for a one-line error. */
function lastLine(text) {
  return (text || '').trim().split('\n').filter(Boolean).pop() || '';
}

/**
 * Checks for Chromium and installs it if needed. Everything the outside world provides comes through `io`, so the
 * decisions can be tested without touching the machine. Returns the exit code.
 */
function ensureChromium(io) {
  const { env, exists, isRoot, run, log, error } = io;
  const target = chromiumPath(env);
  if (exists(target)) return 0;
  const where = env.L2P_CHROMIUM ? `L2P_CHROMIUM=${target}` : target;
  const apt = onPath('apt-get', env);
  if (!apt) {
    error(`error: npm test needs Chromium for the report's browser tests; ${where} does not exist and this machine has no apt-get to install Debian's chromium: install Chromium and set L2P_CHROMIUM to its binary`);
    return 1;
  }
  if (!isRoot()) {
    error(`error: npm test needs Chromium for the report's browser tests; ${where} does not exist and installing it needs root: run \`sudo apt-get install -y --no-install-recommends chromium\` (or set L2P_CHROMIUM to a Chromium binary)`);
    return 1;
  }
  log(`npm test: Chromium for the report's browser tests is missing (${where}); installing Debian's chromium: apt-get update && apt-get ${INSTALL_ARGS.join(' ')}`);
  for (const args of [['update', '-qq'], INSTALL_ARGS]) {
    const res = run(apt, args, { ...env, ...APT_ENV });
    if (res.status !== 0) {
      error(`error: \`apt-get ${args.join(' ')}\` failed (${res.status === null ? `signal ${res.signal}` : `exit ${res.status}`}): ${lastLine(res.stderr) || lastLine(res.stdout) || 'no output'}`);
      return 1;
    }
  }
  if (!exists(target)) {
    error(`error: Debian's chromium is installed, but ${where} still does not exist: point L2P_CHROMIUM at the installed binary (${DEFAULT_CHROMIUM}) or unset it`);
    return 1;
  }
  log(`npm test: installed ${target}`);
  return 0;
}

module.exports = { chromiumPath, ensureChromium, DEFAULT_CHROMIUM, INSTALL_ARGS };

if (require.main === module) {
  process.exitCode = ensureChromium({
    env: process.env,
    exists: (file) => fs.existsSync(file),
    isRoot: () => typeof process.getuid === 'function' && process.getuid() === 0,
    run: (cmd, args, env) => spawnSync(cmd, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    log: (line) => console.log(line),
    error: (line) => console.error(line),
  });
}

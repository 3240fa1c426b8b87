#!/usr/bin/env node
/**
 * Completes package-lock.json with the platform-specific optional packages the registry reachable here does not
 * serve (e.g. @swc/core-darwin-arm64, @nx/nx-win32-x64-msvc). `npm install` on these machines leaves them out of
 * the lockfile, and `npm ci` then refuses the lockfile as out of sync with package.json. The entries added here
 * carry the os/cpu/libc the package name states, so npm skips them on other platforms without fetching anything,
 * exactly as with a lockfile made on a machine that reaches the full registry.
 *
 *   node tools/scripts/complete-lockfile.js      (run after every `npm install`)
 */
const fs = require('fs');
const path = require('path');

const file = path.join(__dirname, '..', '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const packages = lock.packages;

const OS = ['darwin', 'win32', 'linux', 'freebsd', 'android', 'openbsd', 'netbsd', 'sunos', 'aix', 'openharmony'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el', 'wasm32'];

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = OS.find((o) => parts.includes(o)) ?? (parts.includes('win') ? 'win32' : undefined);
  const cpu = CPU.find((c) => parts.includes(c)) ?? (parts.includes('armv7') || parts.includes('gnueabihf') ? 'arm' : undefined);
  const libc = parts.includes('musl') ? 'musl' : os === 'linux' && parts.includes('gnu') ? 'glibc' : undefined;
  return { os, cpu, libc };
}

let added = 0;
for (const [key, node] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(node.optionalDependencies ?? {})) {
    // Resolution walks up from the dependent's node_modules; a missing root entry is what npm ci reports.
    const nested = `${key}/node_modules/${dep}`;
    const root = `node_modules/${dep}`;
    if (packages[nested] || packages[root]) continue;
    if (!/^\d+\.\d+\.\d+/.test(version)) continue;
    const { os, cpu, libc } = platformOf(dep);
    if (!os && !cpu) continue; // not a platform package: leave it to npm
    packages[root] = {
      version,
      ...(node.dev ? { dev: true } : {}),
      optional: true,
      ...(os ? { os: [os] } : {}),
      ...(cpu ? { cpu: [cpu] } : {}),
      ...(libc ? { libc: [libc] } : {}),
    };
    added += 1;
  }
}
const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
lock.packages = sorted;
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} platform-specific optional entries`);

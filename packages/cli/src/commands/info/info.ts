import * as tf from '@tensorflow/tfjs';
import { datasetFetchCommand, DATASETS } from '@l2p/data';
import { BackendSelection, EngineSelection, hostInfo, HostInfo, jobCores, packageVersions, selectCompute } from '@l2p/runtime';
import { GlobalOptions } from '../../shared-options';
import * as fs from 'fs';

export interface DataRootStatus {
  dataset: string;
  path: string;
  found: boolean;
  fetch?: string;
}

export interface InfoReport {
  backend: BackendSelection;
  engine: EngineSelection;
  /** Cores this job may use (onnxruntime's default thread count). */
  jobCores: number;
  tfjs: string;
  packages: Record<string, string>;
  host: HostInfo;
  dataRoots: DataRootStatus[];
}

/** Where each data set read from disk is looked for by default (the data registry's `defaultRoot`s). */
export function defaultDataRoots(): DataRootStatus[] {
  return DATASETS.all().flatMap((entry) => {
    const root = entry.defaultRoot?.();
    const fetch = datasetFetchCommand(entry);
    return root ? [{ dataset: entry.name, path: root.path, ...(fetch ? { fetch: `npx ${fetch}` } : {}), found: fs.existsSync(root.path) }] : [];
  });
}

export async function gatherInfo(options: Pick<GlobalOptions, 'backend' | 'engine' | 'threads'>): Promise<InfoReport> {
  const { backend, engine } = await selectCompute(options);
  return { backend, engine, jobCores: jobCores(), tfjs: tf.version.tfjs, packages: packageVersions(), host: hostInfo(), dataRoots: defaultDataRoots() };
}

type Selection = BackendSelection | EngineSelection;

/** `name version (details), chosen by auto` and one `skipped` line per implementation auto passed over. */
function selectionLines(label: string, s: Selection): string[] {
  const details = Object.entries(s.details ?? {})
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    `${label.padEnd(13)}${s.name} ${s.version}${details ? ` (${details})` : ''}${s.preference === 'auto' ? ', chosen by auto' : ''}`,
    ...s.skipped.map((x) => `  skipped    ${x.name}: ${x.reason}`),
  ];
}

export function formatInfo(report: InfoReport): string {
  const { host } = report;
  const lines = [
    ...selectionLines('backend', report.backend),
    ...selectionLines('engine', report.engine),
    `tfjs         ${report.tfjs}`,
    ...Object.entries(report.packages).map(([name, version]) => `  ${name.padEnd(30)} ${version}`),
    `node         ${host.node} (${host.platform}/${host.arch})`,
    `cpu          ${host.cpuModel}, ${host.cores} cores (${report.jobCores} for this job)`,
    `memory       ${(host.memoryBytes / 2 ** 30).toFixed(1)} GiB`,
    'data roots',
    ...report.dataRoots.map(
      (d) => `  ${d.dataset.padEnd(10)} ${d.found ? 'found    ' : 'missing  '} ${d.path}${!d.found && d.fetch ? `  (fetch: ${d.fetch})` : ''}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

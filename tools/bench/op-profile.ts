/** Time per op kind, from an onnxruntime profile file or a tf.profile() result, for the benchmarks' breakdowns. */
import * as fs from 'fs';
import type * as tf from '@tensorflow/tfjs';

export type OpShares = { op: string; ms: number; share: number }[];

function shares(byOp: Map<string, number>): OpShares {
  const total = [...byOp.values()].reduce((a, b) => a + b, 0);
  return [...byOp.entries()].map(([op, ms]) => ({ op, ms, share: total > 0 ? ms / total : 0 })).sort((a, b) => b.ms - a.ms);
}

/** Kernel time per op type of an onnxruntime profile (chrome-tracing JSON written by endProfiling). */
export function onnxProfileByOp(file: string, runs: number): OpShares {
  const events = JSON.parse(fs.readFileSync(file, 'utf8')) as { cat: string; name: string; dur: number; args?: { op_name?: string } }[];
  const byOp = new Map<string, number>();
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time') || !e.args?.op_name) continue;
    byOp.set(e.args.op_name, (byOp.get(e.args.op_name) ?? 0) + e.dur / 1000 / runs);
  }
  return shares(byOp);
}

export type TfProfile = Awaited<ReturnType<typeof tf.profile>>;

/** Kernel time per tfjs kernel of a tf.profile() result (ops such as `fusedConv2d__op` wrap kernels: left out). */
export function tfProfileByOp(info: Pick<TfProfile, 'kernels'>): OpShares {
  const byOp = new Map<string, number>();
  for (const k of info.kernels) {
    if (k.name.endsWith('__op')) continue;
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    byOp.set(k.name, (byOp.get(k.name) ?? 0) + ms);
  }
  return shares(byOp);
}

export function formatShares(s: OpShares, top = 6): string {
  const shown = s.slice(0, top).map((x) => `${x.op} ${x.ms.toFixed(1)} ms (${(100 * x.share).toFixed(0)}%)`);
  const rest = s.slice(top).reduce((a, x) => a + x.ms, 0);
  return [...shown, ...(rest > 0 ? [`other ${rest.toFixed(1)} ms`] : [])].join(', ');
}

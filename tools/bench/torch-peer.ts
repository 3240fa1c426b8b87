/**
 * The PyTorch CPU peer (../shared/peers/torch_vgg.py, Debian's python3-torch) run from a benchmark, so that every
 * ratio to PyTorch is measured in the same run on the same machine. Nothing here is a remembered figure.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export interface PeerResult {
  peer: 'torch';
  version: string;
  threads: number;
  width: number;
  batch: number;
  train_img_s: number;
  infer_img_s: number;
}

/** Where the peer script lives: ../shared/peers beside the repository root, or L2P_TORCH_PEER. */
export function peerScript(): string {
  return process.env.L2P_TORCH_PEER ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'peers', 'torch_vgg.py');
}

/** A Python that imports torch: L2P_PYTHON, else Debian's /usr/bin/python3, else python3 on PATH. */
export function findTorchPython(): { python: string } | { missing: string } {
  const script = peerScript();
  if (!fs.existsSync(script)) return { missing: `peer script ${script} not found (set L2P_TORCH_PEER)` };
  for (const python of [process.env.L2P_PYTHON, '/usr/bin/python3', 'python3'].filter((p): p is string => !!p)) {
    const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
    if (probe.status === 0) return { python };
  }
  return { missing: 'python3-torch is not installed (apt-get install -y python3-torch)' };
}

/** Runs the peer once: VGG-16 (CIFAR) at `width`, `batch`, `threads`, `seconds` per phase. */
export function runTorchPeer(python: string, options: { width: number; batch: number; threads: number; seconds: number }): PeerResult {
  const args = [peerScript(), '--width', String(options.width), '--batch', String(options.batch), '--threads', String(options.threads), '--seconds', String(options.seconds)];
  const res = spawnSync(python, args, { encoding: 'utf8' });
  const line = res.stdout.trim().split('\n').pop() ?? '';
  if (res.status !== 0 || !line.startsWith('{')) throw new Error(`PyTorch peer failed (exit ${res.status}): ${res.stderr.trim().split('\n').pop() ?? ''}`);
  return JSON.parse(line) as PeerResult;
}

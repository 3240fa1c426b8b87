import * as fs from 'fs';
import * as path from 'path';
import { countModel, disposeWeights, exportOnnx, isOwnModelEntry, isOwnOnnx, loadModel, ONNX_INPUT, ONNX_OUTPUT, saveModel } from '@l2p/models';
import { checkOutsideInput, checkOwnedOutputDir, checkOwnedOutputFile, ConfigError, selectBackend, writeFileAtomic } from '@l2p/runtime';
import { MODEL_ONNX } from '@l2p/experiments';
import type { ExportArgs } from './command';

export const EXPORT_FORMATS = ['onnx', 'tfjs'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Where the export goes, checked before any work by the output rule (checkOwnedOutputFile / checkOwnedOutputDir):
 * an ONNX file may replace only an ONNX file exported here, a tf.js directory may replace only an earlier export,
 * and neither may be, or hold, the model's own folder.
 */
function checkOut(args: Pick<ExportArgs, 'format' | 'out'>, dir: string): string {
  if (args.format === 'onnx') return checkOwnedOutputFile(args.out ?? path.join(dir, MODEL_ONNX), '--out', 'l2p export', isOwnOnnx);
  const out = args.out ?? `${dir}-tfjs`;
  checkOutsideInput(out, '--out', dir, 'the model folder');
  return checkOwnedOutputDir(out, '--out', { writer: 'l2p export --format tfjs', owns: isOwnModelEntry });
}

/** `l2p export`: writes the model in the chosen format and returns what was written, in one line. */
export async function exportModel(args: Pick<ExportArgs, 'model' | 'format' | 'out' | 'backend'>): Promise<string> {
  const dir = path.resolve(args.model);
  if (!fs.existsSync(path.join(dir, 'model.json'))) {
    throw new ConfigError(`export: <model> must be a model directory holding model.json, got ${args.model}`, 'e.g. runs/prune/agent-b1-s0/model');
  }
  const out = checkOut(args, dir);
  await selectBackend(args.backend);
  const { description, weights } = await loadModel(dir);
  try {
    const count = countModel(description);
    const what = `${description.variant}, ${count.params.toLocaleString('en-US')} params, ${(count.macs / 1e6).toFixed(2)} M MACs/image, pruning plan ${description.plan.length} steps`;
    if (args.format === 'onnx') {
      const bytes = exportOnnx(description, weights);
      writeFileAtomic(out, bytes);
      const [h, w, c] = description.inputShape;
      return `${out}: ONNX opset 13, ${bytes.length.toLocaleString('en-US')} bytes (${what}); input '${ONNX_INPUT}' [N, ${h}, ${w}, ${c}] float32 NHWC, output '${ONNX_OUTPUT}'`;
    }
    await saveModel(out, { description, weights });
    return `${out}: tf.js layers model (model.json + weight shards; tf.loadLayersModel reads it) (${what})`;
  } finally {
    disposeWeights(weights);
  }
}

import type { CommandModule } from 'yargs';
import { GlobalOptions } from '../../shared-options';
import { EXPORT_FORMATS, ExportFormat } from './export';

export interface ExportArgs extends GlobalOptions {
  model: string;
  format: ExportFormat;
  out?: string;
}

export const exportCommand: CommandModule<GlobalOptions, ExportArgs> = {
  command: 'export <model>',
  describe: 'Export a saved (e.g. pruned) model: ONNX (model.onnx, for onnxruntime, TensorRT, OpenVINO) or a plain tf.js layers model',
  builder: (yargs) =>
    yargs
      .positional('model', { type: 'string', demandOption: true, describe: 'A model directory written by train, prune or sweep (holds model.json), e.g. runs/prune/agent-b1-s0/model' })
      .option('format', {
        choices: EXPORT_FORMATS,
        default: 'onnx' as ExportFormat,
        describe:
          'onnx: opset 13, BN folded; input "input" NHWC float32 [N, H, W, C], output "output" as the tf.js model gives it ([N, classes], or NHWC scores). tfjs: model.json + weight shards for tf.loadLayersModel',
      })
      .option('out', { type: 'string', describe: 'Where to write (default: <model>/model.onnx, or <model>-tfjs/ for tfjs)' }) as never,
  handler: async (args) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use (see info/command.ts)
    const { exportModel } = require('./export') as typeof import('./export');
    process.stdout.write(`${await exportModel(args)}\n`);
  },
};

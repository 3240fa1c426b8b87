import * as fs from 'fs';
import * as path from 'path';
import { CHECKPOINT_DIR, countModel, describeModel, formatEpoch, saveModel, sgdRecipe, trainModel } from '@l2p/models';
import { adhocConfig, evaluatePoints, openExperimentData } from '@l2p/experiments';
import { checkOwnedOutputDir, computeSummary, ConfigError, createLogger, createProgress, selectCompute, writeJsonAtomic } from '@l2p/runtime';
import { TrainArgs } from './command';

export const TRAIN_JSON = 'train.json';

/** What `l2p train` writes into --out (the output rule, checkOwnedOutputDir): the model, train.json, the epoch checkpoint. */
const TRAIN_OUT = { writer: 'l2p train', owns: (name: string) => name === 'model' || name === TRAIN_JSON || name === CHECKPOINT_DIR };

/** `l2p train`: trains, evaluates on the test split, saves `<out>/model` and `<out>/train.json`. */
export async function train(args: TrainArgs): Promise<void> {
  const config = adhocConfig(args);
  const out = checkOwnedOutputDir(args.out, '--out', TRAIN_OUT);
  const resume = args.resume && fs.existsSync(path.join(out, CHECKPOINT_DIR));
  if (args.resume && !resume) throw new ConfigError(`--resume: nothing to resume in --out ${args.out} (no checkpoint there)`, 'run without --resume to start training');
  const logger = createLogger(args.logLevel);
  const progress = createProgress();
  logger.info(computeSummary(await selectCompute(args)));
  const data = await openExperimentData(config, path.dirname(out));
  const description = describeModel(config.model.architecture, { width: config.model.width, numClasses: data.numClasses, inputShape: data.inputShape });
  const count = countModel(description);
  logger.info(`${description.variant}: ${count.params.toLocaleString('en-US')} params, ${(count.macs / 1e6).toFixed(1)} M MACs/image; train ${data.sizes.train}, reward (held out) ${data.sizes.reward}, test ${data.sizes.test}`);
  const result = await trainModel({
    description,
    train: data.train,
    ...sgdRecipe(config.base),
    seed: config.base.seed,
    outDir: out,
    resume,
    progress,
    onEpoch: (s) => logger.info(formatEpoch(s)),
  });
  const test = await evaluatePoints(description, result.weights, data.test, progress, 'test');
  await saveModel(path.join(out, 'model'), { description, weights: result.weights });
  writeJsonAtomic(path.join(out, TRAIN_JSON), { flags: { ...args, _: undefined, $0: undefined }, config, test: test.points, history: result.history });
  process.stdout.write(`test ${test.points.toFixed(2)} (${config.dataset.name}, ${data.sizes.test} images); model: ${path.join(out, 'model')}\n`);
}

import * as fs from 'fs';
import * as path from 'path';
import { countModel, describeModel, formatEpoch, saveModel, sgdRecipe, trainModel } from '@l2p/models';
import { adhocConfig, evaluatePoints, openExperimentData } from '@l2p/experiments';
import { checkOutputDir, computeSummary, createLogger, createProgress, selectCompute, writeJsonAtomic } from '@l2p/runtime';
import { TrainArgs } from './command';

export const TRAIN_JSON = 'train.json';

/** `l2p train`: trains, evaluates on the test split, saves `<out>/model` and `<out>/train.json`. */
export async function train(args: TrainArgs): Promise<void> {
  const config = adhocConfig(args);
  const out = checkOutputDir(args.out, '--out');
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
    resume: args.resume && fs.existsSync(path.join(out, 'checkpoint')),
    progress,
    onEpoch: (s) => logger.info(formatEpoch(s)),
  });
  const test = await evaluatePoints(description, result.weights, data.test, progress, 'test');
  await saveModel(path.join(out, 'model'), { description, weights: result.weights });
  writeJsonAtomic(path.join(out, TRAIN_JSON), { flags: { ...args, _: undefined, $0: undefined }, config, test: test.points, history: result.history });
  process.stdout.write(`test ${test.points.toFixed(2)} (${config.dataset.name}, ${data.sizes.test} images); model: ${path.join(out, 'model')}\n`);
}

import { experimentSchema } from './config-schema';
import { legacyKeyProblems, upgradeRecordedConfig } from './legacy-keys';
import { loadExperimentConfig } from './load-config';

describe('renamed and removed config keys', () => {
  const today = loadExperimentConfig('demo', 'smoke');
  // The demo smoke config as experiment.json recorded it before the renames (old names, agent options partial).
  const { budgetPolicy, referencePlans, advanced, agent, ...rest } = today;
  const recorded = JSON.parse(
    JSON.stringify({
      ...rest,
      agent: { ...agent, hidden: 64, onViolation: 'best-sample' },
      budget: { reference: budgetPolicy.measureFrom, guard: budgetPolicy.onBreach, layerMargin: budgetPolicy.layerMargin },
      references: referencePlans,
      maxImagesPerPass: advanced.maxImagesPerPass,
    }),
  );

  it('reads a config recorded under the old names as the same experiment', () => {
    expect(experimentSchema.parse(upgradeRecordedConfig(recorded))).toEqual(today);
  });

  it('does not when a removed key held anything but its default (that experiment cannot run any more)', () => {
    expect(upgradeRecordedConfig({ ...recorded, agent: { ...recorded.agent, onViolation: 'accept' } })).toBeUndefined();
  });

  it('names every old key of a file, in its configurations too', () => {
    expect(legacyKeyProblems({ ...recorded, configurations: { cpu: { model: { groups: true } } } })).toEqual([
      expect.stringMatching(/^budget: renamed budgetPolicy/),
      'references: renamed referencePlans',
      'maxImagesPerPass: moved to advanced.maxImagesPerPass',
      expect.stringMatching(/^agent\.hidden: removed/),
      expect.stringMatching(/^agent\.onViolation: removed/),
      'configurations.cpu.model.groups: moved to advanced.channelGroups',
    ]);
  });
});

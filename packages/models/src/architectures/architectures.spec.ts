import { ConfigError } from '@l2p/runtime';
import { describeModel, describeSpec } from '../describe';
import { validateDescription } from '../description/validate';
import { specOf } from '../description/types';
import { pruneDescription } from '../surgery/remove-filters';
import { architectures } from './index';

describe('architecture registry', () => {
  it('refuses an unknown name, listing the registered ones', () => {
    expect(architectures.names()).toEqual(expect.arrayContaining(['vgg16', 'resnet18', 'fcn32s']));
    expect(() => architectures.get('vgg19')).toThrow(ConfigError);
    expect(() => architectures.get('vgg19')).toThrow(`unknown architecture 'vgg19'; choose one of: ${architectures.names().join(', ')}`);
  });
});

describe.each(architectures.names())('%s description', (name) => {
  const description = describeModel(name);

  it('is plain JSON that round-trips and validates', () => {
    const copy = JSON.parse(JSON.stringify(description));
    expect(copy).toEqual(description);
    expect(() => validateDescription(copy)).not.toThrow();
  });

  it('rebuilds from its spec after pruning (the plan is replayable)', () => {
    const first = description.groups[0];
    const pruned = pruneDescription(description, first.name, [0, 2, 5]);
    const rebuilt = describeSpec(JSON.parse(JSON.stringify(specOf(pruned))));
    expect(rebuilt).toEqual(pruned);
  });

  it('names a reason for every conv it does not let you prune', () => {
    const convs = description.nodes.filter((n) => n.kind === 'conv').map((n) => n.name);
    const covered = new Set([...description.groups.flatMap((g) => g.members), ...description.unprunable.map((u) => u.layer)]);
    expect(convs.filter((c) => !covered.has(c))).toEqual([]);
  });
});

describe('architecture specifics', () => {
  it('VGG-16: 13 convs, each a unit of its own, conv5_3 consumed by fc1 through the flatten', () => {
    const d = describeModel('vgg16');
    expect(d.groups).toHaveLength(13);
    expect(d.groups[12]).toEqual({ name: 'conv5_3', members: ['conv5_3'], maskPoints: ['conv5_3_relu'], consumers: [{ layer: 'fc1', offset: 0 }], shrinks: ['conv5_3_bn'] });
    expect(d.nodes.filter((n) => n.kind === 'maxpool').map((n) => n.inputs[0])).toEqual(
      ['conv1_2', 'conv2_2', 'conv3_3', 'conv4_3', 'conv5_3'].map((c) => `${c}_relu`),
    );
    expect(d.nodes.some((n) => n.kind === 'dropout')).toBe(false);
  });

  it("ResNet-18: only each BasicBlock's first conv is prunable, and the description says why", () => {
    const d = describeModel('resnet18');
    expect(d.groups.map((g) => g.name)).toEqual(
      [1, 2, 3, 4].flatMap((s) => [0, 1].map((b) => `layer${s}_${b}_conv1`)),
    );
    expect(d.groups.every((g) => g.members.length === 1 && g.consumers.length === 1 && g.consumers[0].layer === g.name.replace('conv1', 'conv2'))).toBe(true);
    expect(d.notes.join(' ')).toMatch(/Residual-coupled outputs .* are not pruned one layer at a time/);
    expect(d.nodes.filter((n) => n.kind === 'conv' && n.name.endsWith('shortcut')).map((n) => n.name)).toEqual([
      'layer2_0_shortcut',
      'layer3_0_shortcut',
      'layer4_0_shortcut',
    ]);
    expect(() => pruneDescription(d, 'layer1_0_conv2', [0])).toThrow(/residual-coupled/);
    expect(() => pruneDescription(d, 'conv1', [0])).toThrow(ConfigError);
  });

  it('FCN-32s: conv1_1 … conv5_3, fc6 and fc7 are prunable; fc6 consumes conv5_3; label space of 21', () => {
    const d = describeModel('fcn32s');
    expect(d.groups.map((g) => g.name)).toEqual([
      ...['1_1', '1_2', '2_1', '2_2', '3_1', '3_2', '3_3', '4_1', '4_2', '4_3', '5_1', '5_2', '5_3'].map((s) => `conv${s}`),
      'fc6',
      'fc7',
    ]);
    expect(d.groups.find((g) => g.name === 'conv5_3')?.consumers).toEqual([{ layer: 'fc6', offset: 0 }]);
    expect(d.groups.find((g) => g.name === 'fc7')?.consumers).toEqual([{ layer: 'score', offset: 0 }]);
    expect(d.numClasses).toBe(21);
    expect(d.task).toBe('segmentation');
  });

  it('rejects a description whose units disagree with the graph', () => {
    const d = describeModel('vgg16', { width: 0.125 });
    const broken = { ...d, groups: d.groups.map((g, i) => (i === 3 ? { ...g, consumers: [{ layer: 'conv4_1', offset: 0 }] } : g)) };
    expect(() => validateDescription(broken)).toThrow(/unit 'conv2_2' is not what the graph gives .*"consumers":\[\{"layer":"conv3_1","offset":0\}\]/);
  });

  it('validates its options', () => {
    expect(() => describeModel('vgg16', { width: 0 })).toThrow(/width must be a positive number, got 0/);
    expect(() => describeModel('vgg16', { numClasses: 1.5 })).toThrow(/numClasses must be a positive integer, got 1.5/);
  });
});

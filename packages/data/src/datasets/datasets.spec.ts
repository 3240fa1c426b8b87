import * as fs from 'fs';
import * as path from 'path';
import { workspaceRoot } from '@l2p/runtime';
import { z } from 'zod';
import { CIFAR10_FETCH_COMMAND } from '../cifar10/layout';
import { fetchableDatasets } from '../fetch/sources';
import { dataLayoutNames, detectLayout, layoutEntries } from '../inspect/inspect';
import { makeTempDir, removeDir } from '../testing/temp';
import { VOC_FETCH_COMMAND } from '../voc/layout';
import { datasetOptionKeys, datasetOptionOwners, datasetOptionProblems, datasetOptionShape } from './config-options';
import { datasetFetchCommand, DATASETS, DEFAULT_DATASET } from './registry';

/**
 * Conformance of every registered data set: what the fetch script, `l2p data inspect`, `l2p prune --data`, the
 * CLI choices and the experiment schema read from an entry is there. A new entry that lacks a piece fails here,
 * with the piece named, rather than in one of those tools.
 */
let tmp: string;
beforeAll(() => {
  tmp = makeTempDir('datasets-conformance');
  fs.mkdirSync(path.join(tmp, 'empty'));
});
afterAll(() => removeDir(tmp));

const targets = (JSON.parse(fs.readFileSync(path.join(workspaceRoot(), 'datasets', 'project.json'), 'utf8')) as { targets: Record<string, { options: { command: string } }> }).targets;

describe.each(DATASETS.all().map((e) => [e.name, e] as const))('data set %s', (name, entry) => {
  it('has a name usable as a directory, an Nx target and a CLI choice, and says what it is', () => {
    expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(entry.description.length).toBeGreaterThan(10);
  });

  it('is either read from a root (default root + layout) or generated (neither)', () => {
    expect(entry.layout !== undefined).toBe(entry.defaultRoot !== undefined);
  });

  it('if downloaded: has a checked source and the Nx target its fetch command names', () => {
    const target = targets[name];
    if (!entry.fetch) {
      // A target for a set without a source would fail at once; a missing entry is caught in the other direction.
      expect(target).toBeUndefined();
      return;
    }
    expect(entry.fetch.url).toMatch(/^https?:\/\/\S+\/[^/]+$/);
    expect(entry.fetch.md5).toMatch(/^[0-9a-f]{32}$/);
    expect(path.isAbsolute(entry.fetch.expect)).toBe(false);
    expect(entry.layout).toBeDefined();
    expect(datasetFetchCommand(entry)).toBe(`nx run datasets:${name}`);
    expect(target?.options.command).toBe(`npx tsx packages/data/src/fetch/cli.ts ${name}`);
  });

  it('if read from a root: its layout is described, and detects neither an empty directory nor another layout', () => {
    if (!entry.layout) return;
    expect(entry.layout.title.length).toBeGreaterThan(0);
    expect(entry.layout.looksFor.length).toBeGreaterThan(0);
    expect(entry.layout.detect(path.join(tmp, 'empty'))).toBe(false);
    const root = entry.defaultRoot?.().path ?? '';
    // Only the bundled set's root is always there; fetched ones are checked when present.
    if (fs.existsSync(root)) expect(detectLayout(root)).toBe(name);
  });

  it('declares set-specific keys as strict schemas that refuse an unknown key', () => {
    for (const [key, option] of Object.entries(entry.options ?? {})) {
      expect(option.schema.safeParse({ notAnOption: 1 }).success).toBe(false);
      expect(datasetOptionProblems({ name, [key]: {} })).toEqual([]);
    }
  });
});

describe('DATASETS', () => {
  it('derives the fetchable sets, layouts and set-specific keys in registry order', () => {
    expect(fetchableDatasets()).toEqual(DATASETS.all().filter((e) => e.fetch).map((e) => e.name));
    expect(dataLayoutNames()).toEqual(layoutEntries().map((e) => e.name));
    expect(Object.keys(datasetOptionShape())).toEqual(datasetOptionKeys());
    // Every Nx target of datasets/ downloads a registered set.
    expect(Object.keys(targets).sort()).toEqual(fetchableDatasets().sort());
  });

  it('the readers print the fetch command the registry derives', () => {
    expect(datasetFetchCommand(DATASETS.get('cifar10'))).toBe(CIFAR10_FETCH_COMMAND);
    expect(datasetFetchCommand(DATASETS.get('voc2012'))).toBe(VOC_FETCH_COMMAND);
  });

  it('has a default set that needs neither download nor generation', () => {
    const entry = DATASETS.get(DEFAULT_DATASET);
    expect([entry.fetch, entry.defaultRoot !== undefined]).toEqual([undefined, true]);
  });

  it('gives each set-specific key to one set, and refuses it for any other set by name', () => {
    expect(() => datasetOptionOwners()).not.toThrow();
    for (const [key, { owner }] of datasetOptionOwners()) {
      for (const other of DATASETS.names().filter((n) => n !== owner.name)) {
        expect(datasetOptionProblems({ name: other, [key]: {} })).toEqual([{ key, message: `only '${owner.name}' takes ${key}, not '${other}'` }]);
      }
    }
  });

  it('reports the rules across keys of a set-specific key (generated-voc: minSide against cropSize)', () => {
    expect(datasetOptionProblems({ name: 'generated-voc', cropSize: 64, scenes: { minSide: 96 } })).toEqual([
      { key: 'scenes', message: 'minSide (96) must be ≤ cropSize (64): scenes are made no larger than the crop' },
    ]);
    expect(z.object(datasetOptionShape()).safeParse({}).success).toBe(true);
  });
});

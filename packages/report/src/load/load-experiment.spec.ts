import { readArrowFile, RESULT_FILES, SUMMARY_RENAMED_COLUMNS, SUMMARY_ROWS, TableSpec, UPDATE_ROWS, writeArrowFile } from '@l2p/pruning';
import { DataFormatError, DataMissingError } from '@l2p/runtime';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FixtureExperiment, writeClassificationFixture, writeSegmentationFixture } from '../testing/fixtures';
import { isExperimentDir, loadExperiment } from './load-experiment';

describe('loadExperiment', () => {
  // The fixtures are written once and copied for each test (writing them fsyncs every file).
  let template: string;
  let classification: FixtureExperiment;
  let segmentation: FixtureExperiment;
  let root: string;
  beforeAll(() => {
    template = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-report-fixtures-'));
    classification = writeClassificationFixture(template);
    segmentation = writeSegmentationFixture(template);
  });
  afterAll(() => fs.rmSync(template, { recursive: true, force: true }));
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'l2p-report-load-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  function copy(fixture: FixtureExperiment): FixtureExperiment {
    const dir = path.join(root, fixture.experiment);
    fs.cpSync(fixture.dir, dir, { recursive: true });
    return { ...fixture, dir };
  }
  const writeClassification = (): FixtureExperiment => copy(classification);
  const writeSegmentation = (): FixtureExperiment => copy(segmentation);

  it('reads every job, the merged summary and the experiment-level files', () => {
    const fx = writeClassification();
    const model = loadExperiment(fx.dir);
    expect(model.name).toBe('fixture-cifar-vgg');
    expect(model.metric).toBe('accuracy');
    expect(model.jobs.map((j) => j.id)).toEqual([...fx.jobs.map((j) => j.id)].sort());
    const finished = fx.jobs.filter((j) => j.status === 'done');
    expect(model.summaries.map((s) => s.run_id).sort()).toEqual(finished.map((j) => j.id).sort());
    expect(model.uniform).toHaveLength(10);
    expect(model.firstLayer).toHaveLength(16); // VGG-16 conv1_1 at width 0.25
    const running = model.jobs.find((j) => j.status === 'running');
    expect(running).toMatchObject({ method: 'agent', b: 4, seed: 1, files: ['layers.arrow', 'updates.arrow'], fixture: true });
    expect(running?.endedAt).toBeUndefined();
  });

  it('merges the summary from the jobs when runs/<experiment>/summary.arrow is missing', () => {
    const fx = writeClassification();
    const withMerged = loadExperiment(fx.dir).summaries;
    fs.rmSync(path.join(fx.dir, 'summary.arrow'));
    const fromJobs = loadExperiment(fx.dir).summaries;
    expect(fromJobs.map((s) => s.run_id).sort()).toEqual(withMerged.map((s) => s.run_id).sort());
  });

  it('keeps merged-summary rows of runs whose job directory is gone', () => {
    const fx = writeClassification();
    const gone = fx.jobs.find((j) => j.status === 'done' && j.method === 'taylor') as { id: string };
    fs.rmSync(path.join(fx.dir, gone.id), { recursive: true });
    const model = loadExperiment(fx.dir);
    expect(model.jobs.some((j) => j.id === gone.id)).toBe(false);
    expect(model.summaries.some((s) => s.run_id === gone.id)).toBe(true);
  });

  it('reads segmentation results: per-class IU and example images as PNG data: URIs', () => {
    const fx = writeSegmentation();
    const model = loadExperiment(fx.dir);
    expect(model.metric).toBe('mean-iu');
    expect(model.classes.length).toBe(4 * 21 * 2); // 4 jobs × 21 classes × before/after
    expect(model.examples.map((e) => e.method)).toEqual(['agent', 'agent']);
    const item = model.examples[0].items[0];
    expect(item.id).toBe('2007_000129');
    for (const uri of [item.input, item.truth, item.before, item.after]) {
      expect(uri).toMatch(/^data:image\/png;base64,/);
      expect(Buffer.from((uri as string).split(',')[1], 'base64').subarray(1, 4).toString()).toBe('PNG');
    }
  });

  it('marks a missing example image as null instead of failing', () => {
    const fx = writeSegmentation();
    const job = fx.jobs.find((j) => j.method === 'agent') as { id: string };
    fs.rmSync(path.join(fx.dir, job.id, 'examples', '2007_000129-after.png'));
    const set = loadExperiment(fx.dir).examples.find((e) => e.jobId === job.id);
    expect(set?.items[0].after).toBeNull();
    expect(set?.items[0].before).not.toBeNull();
  });

  it('reads summary.arrow files written before the contract_* columns were renamed (heldout_*)', () => {
    const fx = writeClassification();
    const current = loadExperiment(fx.dir).summaries;
    // Every summary (the jobs' and the merged one) rewritten as an older run wrote it: same values, old names.
    const old = (name: string): string => (SUMMARY_RENAMED_COLUMNS as Record<string, string | undefined>)[name] ?? name;
    const oldSpec: TableSpec = Object.fromEntries(Object.entries(SUMMARY_ROWS).map(([name, type]) => [old(name), type]));
    const files = [fx.dir, ...fx.jobs.map((j) => path.join(fx.dir, j.id))].map((d) => path.join(d, RESULT_FILES.summary.file)).filter((f) => fs.existsSync(f));
    for (const file of files) {
      const rows = readArrowFile(file, SUMMARY_ROWS).map((r) => Object.fromEntries(Object.entries(r).map(([name, v]) => [old(name), v])));
      writeArrowFile(file, oldSpec, rows);
    }
    expect(Object.keys(oldSpec)).toContain('heldout_drop');
    expect(current.some((s) => s.contract_drop !== null)).toBe(true);
    expect(loadExperiment(fx.dir).summaries).toEqual(current);
  });

  it('names a corrupt Arrow file in the error', () => {
    const fx = writeClassification();
    const file = path.join(fx.dir, fx.jobs[3].id, 'layers.arrow');
    fs.writeFileSync(file, 'this is not an Arrow file');
    expect(() => loadExperiment(fx.dir)).toThrow(DataFormatError);
    expect(() => loadExperiment(fx.dir)).toThrow(file);
  });

  it('names a schema-mismatched Arrow file and the column in the error', () => {
    const fx = writeClassification();
    const file = path.join(fx.dir, RESULT_FILES.summary.file);
    writeArrowFile(file, UPDATE_ROWS, []);
    expect(() => loadExperiment(fx.dir)).toThrow(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: schema mismatch: column 'experiment'`));
  });

  it('names an unreadable manifest and a non-PNG example image', () => {
    const fx = writeSegmentation();
    const job = fx.jobs.find((j) => j.method === 'agent') as { id: string };
    const png = path.join(fx.dir, job.id, 'examples', '2007_000346-truth.png');
    fs.writeFileSync(png, 'GIF89a');
    expect(() => loadExperiment(fx.dir)).toThrow(`${png}: an example image must be a PNG file`);
    const manifest = path.join(fx.dir, job.id, 'manifest.json');
    fs.writeFileSync(manifest, '{"experiment": ');
    expect(() => loadExperiment(fx.dir)).toThrow(`${manifest}: not a readable run manifest`);
  });

  it('refuses example file names that leave the examples directory', () => {
    const fx = writeSegmentation();
    const job = fx.jobs.find((j) => j.method === 'agent') as { id: string };
    fs.writeFileSync(path.join(fx.dir, job.id, 'examples', 'examples.json'), JSON.stringify({ items: [{ id: 'x', input: '../manifest.json' }] }));
    expect(() => loadExperiment(fx.dir)).toThrow(/field 'input' must be a file name inside/);
  });

  it('says which directory is missing, and tells experiment directories from others', () => {
    expect(() => loadExperiment(path.join(root, 'nope'))).toThrow(DataMissingError);
    expect(() => loadExperiment(path.join(root, 'nope'))).toThrow(path.join(root, 'nope'));
    const fx = writeClassification();
    expect(isExperimentDir(fx.dir)).toBe(true);
    expect(isExperimentDir(root)).toBe(false);
    expect(isExperimentDir(path.join(fx.dir, 'base'))).toBe(false);
  });
});

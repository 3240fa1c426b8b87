import type { z } from 'zod';
import type { ClassificationDataset } from '../classification/types';
import type { DataInspection } from '../inspect/summary';
import type { SegmentationData } from '../voc/read';

export type DatasetTask = 'classification' | 'segmentation';

/** How many images a generated set holds, and the seed that draws them. */
export interface GenerateSettings {
  readonly train: number;
  readonly test: number;
  readonly seed: number;
}

/** What an experiment says about its data set (the `dataset` block of its config), as far as opening it goes. */
export interface DatasetOpenOptions {
  /** The data root given by the experiment; undefined = the set's default (`defaultRoot`). */
  readonly root?: string;
  /** Generated sets: how many images to make, and the seed. */
  readonly generate?: GenerateSettings;
  /** Segmentation: the square crop side training uses (generated scenes are made no larger). */
  readonly cropSize?: number;
  /**
   * The `dataset` keys that belong to this set alone (its entry's `options`, e.g. mnist-seg's `canvas`), as the
   * experiment gave them. Untyped here because only the set reads them, through `readOption` (options.ts), which
   * checks them against the set's own schema.
   */
  readonly setOptions?: Readonly<Record<string, unknown>>;
  /** Where generated sets are written, once per (set, settings): e.g. `runs/_generated`. */
  readonly generatedDir: string;
}

/** A data set, opened: the in-memory shape its task's batches read, and the files it came from (provenance). */
export type OpenedDataset =
  | { readonly task: 'classification'; readonly data: ClassificationDataset; readonly files: readonly string[] }
  | { readonly task: 'segmentation'; readonly data: SegmentationData; readonly files: readonly string[] };

/** Where a downloadable set's archive comes from; `npx nx run datasets:<name>` fetches it into datasets/<name>. */
export interface FetchSource {
  readonly url: string;
  /** The published md5 of the archive. */
  readonly md5: string;
  /** A path that must exist in the archive, relative to the destination, to call the extraction complete. */
  readonly expect: string;
}

/** What `l2p data inspect` reports of a root beyond where it is and which layout it holds. */
export type LayoutFacts = Omit<DataInspection, 'root' | 'layout' | 'detected'>;

/**
 * An on-disk layout, named by the entry that reads it from a root (generated sets written in it have none of
 * their own): how to recognise a root of it, summarise one, and read one as a user's classification data.
 */
export interface DatasetLayout {
  /** The format in words, for help texts: 'CIFAR-10 binary'. */
  readonly title: string;
  /** What `detect` looks for, for the message when no layout matches. */
  readonly looksFor: string;
  /** True when `root` (an existing directory) holds this layout. Cheap: lists, never reads, files. */
  detect(root: string): boolean;
  /** Reads and checks every file of the root; a malformed one throws its typed error. */
  inspect(root: string): Promise<LayoutFacts>;
  /** Classification layouts: a root read as stored (no resizing) for `l2p prune --model … --data <root>`. */
  readonly userData?: {
    /** The run records its data set as `<recordAs>:<root>`. */
    readonly recordAs: string;
    read(root: string): ClassificationDataset;
  };
}

/**
 * A key of the experiment's `dataset` block that belongs to one data set alone (mnist-seg's `canvas`): its schema,
 * and the rules across keys that a schema of one key cannot state (checked with the block's `cropSize`).
 */
export interface DatasetOption<T = unknown> {
  readonly schema: z.ZodType<T>;
  problems?(value: T, dataset: { readonly cropSize?: number }): string[];
}

/**
 * One data set an experiment can name (`dataset.name`): a record in its own file under `datasets/`, listed once in
 * `DATASETS` (registry.ts). Everything else that knows data sets derives from these records: the experiment
 * schema's enum and set-specific keys, `--dataset` choices, `l2p info`'s data roots, the fetch targets' sources,
 * `l2p data inspect`'s layouts and `l2p prune --data` detection.
 */
export interface DatasetEntry {
  readonly name: string;
  readonly task: DatasetTask;
  readonly description: string;
  /** Where a set read from disk is looked for when the experiment names no root. */
  readonly defaultRoot?: () => { readonly path: string };
  /** A set that is downloaded: its archive (see fetch/fetch-dataset.ts). A set with a default root and no fetch is bundled. */
  readonly fetch?: FetchSource;
  /** A set read from a root: the layout of that root. */
  readonly layout?: DatasetLayout;
  /** The `dataset` keys only this set takes; another set given one is a config error naming it. */
  // (Method syntax in DatasetOption keeps `problems` bivariant, so a DatasetOption<Canvas> is a DatasetOption.)
  readonly options?: Readonly<Record<string, DatasetOption>>;
  /** Reads (or, for a generated set, makes once and reads) the set. Missing data is a DataMissingError naming the fetch command. */
  open(options: DatasetOpenOptions): Promise<OpenedDataset>;
}

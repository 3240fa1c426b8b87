import type { ClassificationDataset } from '../classification/types';
import type { DigitCanvasOptions } from '../generate/digit-canvas';
import type { VocSceneOptions } from '../generate/voc-scenes';
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
  /** mnist-seg: how its canvases are drawn (omitted keys take generateMnistSeg's defaults; the side is `cropSize`). */
  readonly canvas?: Partial<Omit<DigitCanvasOptions, 'size'>>;
  /**
   * generated-voc: how its scenes are drawn (omitted keys take the generator's defaults) and their smallest side
   * (default half of `cropSize`, at least 16; the largest is `cropSize`).
   */
  readonly scenes?: Partial<VocSceneOptions & { minSide: number }>;
  /** Where generated sets are written, once per (set, settings): e.g. `runs/_generated`. */
  readonly generatedDir: string;
}

/** A data set, opened: the in-memory shape its task's batches read, and the files it came from (provenance). */
export type OpenedDataset =
  | { readonly task: 'classification'; readonly data: ClassificationDataset; readonly files: readonly string[] }
  | { readonly task: 'segmentation'; readonly data: SegmentationData; readonly files: readonly string[] };

/**
 * One data set an experiment can name (`dataset.name`): a record in its own file under `datasets/`, listed once in
 * `DATASETS` (registry.ts). The experiment schema's enum, `--dataset` choices and `l2p info`'s data roots come from
 * that list.
 */
export interface DatasetEntry {
  readonly name: string;
  readonly task: DatasetTask;
  readonly description: string;
  /** Where a set read from disk is looked for when the experiment names no root, and how to fetch it. */
  readonly defaultRoot?: () => { readonly path: string; readonly fetch?: string };
  /** Reads (or, for a generated set, makes once and reads) the set. Missing data is a DataMissingError naming the fetch command. */
  open(options: DatasetOpenOptions): Promise<OpenedDataset>;
}

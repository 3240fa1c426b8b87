import type { ClassRow, DeployRow, FirstLayerRow, LayerRow, SummaryRow, UniformRow, UpdateRow } from '@l2p/pruning';

/**
 * Everything a report shows, as read from `runs/<experiment>/`. The loader fills it and nothing after it touches
 * the file system, so the HTML is a pure function of this value. Absolute paths are kept out of it on purpose:
 * the same results copied elsewhere must give the same page.
 */
export type Metric = 'accuracy' | 'mean-iu';

export interface SplitSizes {
  train?: number;
  reward?: number;
  test?: number;
}

/** One job directory `runs/<experiment>/<job-id>/`, from its manifest (and what files it holds). */
export interface JobInfo {
  /** The directory name. */
  id: string;
  experiment?: string;
  runId: string;
  /** The manifest's status ('running' | 'done' | 'failed'), or 'no manifest' for a directory without one. */
  status: string;
  error?: string;
  method?: string;
  b?: number;
  seed?: number;
  model?: string;
  width?: number;
  dataset?: string;
  splits?: SplitSizes;
  /** The manifest's config, kept for the common-config hash; never rendered whole. */
  config?: Record<string, unknown>;
  configHash?: string;
  backend?: { name: string; version: string };
  gitRevision?: string;
  startedAt?: string;
  endedAt?: string;
  /** Result files present in the directory, e.g. ['layers.arrow', 'summary.arrow']. */
  files: string[];
  /** True when the manifest's config says `fixture: true` (synthetic data written by the test fixtures). */
  fixture: boolean;
}

/** Example segmentation images of one job, as data: URIs (null where a file is missing). */
export interface ExampleItem {
  id: string;
  input: string | null;
  truth: string | null;
  before: string | null;
  after: string | null;
}

export interface ExampleSet {
  jobId: string;
  runId: string;
  method?: string;
  b?: number;
  seed?: number;
  items: ExampleItem[];
}

export interface ExperimentModel {
  /** Experiment name (the manifests' `experiment`, else the directory name). */
  name: string;
  metric: Metric;
  jobs: JobInfo[];
  /** Summary rows of finished (and partial) runs, one per run id. */
  summaries: SummaryRow[];
  layers: LayerRow[];
  updates: UpdateRow[];
  classes: ClassRow[];
  deploy: DeployRow[];
  uniform: UniformRow[];
  firstLayer: FirstLayerRow[];
  examples: ExampleSet[];
}

/**
 * A chart of the report as a vega-lite spec with its data inlined: plain JSON, rendered to SVG at generation
 * time and also saved, so the chart can be reopened interactively (e.g. in the Vega editor).
 */
export interface ChartSpec {
  id: string;
  title: string;
  caption: string;
  /** Which report section it belongs to. */
  section: ChartSection;
  /** Embed the spec in the page (small charts); large ones are only written beside it as charts/<id>.vl.json. */
  embed: boolean;
  spec: Record<string, unknown>;
}

/** A chart with the SVG rendered from its spec. */
export interface RenderedChart extends ChartSpec {
  svg: string;
}

export type ChartSection = 'pruning' | 'methods' | 'training' | 'uniform' | 'segmentation';

import type { ModelDescription, Task } from '../description/types';

export interface ArchitectureDefaults {
  numClasses: number;
  inputShape: [number, number, number];
}

/** One architecture: a record in its own file, listed once in `architectures` (registry.ts). */
export interface Architecture {
  name: string;
  /** The exact variant in one line, printed beside every count. */
  variant: string;
  task: Task;
  defaults: ArchitectureDefaults;
  /** The unpruned description at width 1. */
  describe(options: ArchitectureDefaults): ModelDescription;
}

import * as fs from 'fs';
import * as path from 'path';
import { filterCount, unitNames } from '@l2p/models';
import { agentJobOf, keepCountsOf, LAYER_ROWS, type PruneRunOptions, readArrowFile, REFERENCE_PLANS } from '@l2p/pruning';
import { ConfigError } from '@l2p/runtime';
import type { ExperimentContext } from './context';
import { type JobSpec, jobId } from '../jobs/jobs';

/**
 * What one pruning run of a job prunes with, whatever the job: the decider, the units in order, and the keep counts
 * it is given. The agent decides its counts (and has b); a baseline takes the agent's counts of its (b, seed); a
 * reference plan and each point of the uniform-L1 curve supply counts of their own and have no b.
 */
export interface JobPlan {
  method: string;
  /** The rows' method column when it is not the decider's name (a reference plan's name). */
  label?: string;
  b?: number;
  layers: string[];
  keepCounts?: Record<string, number>;
}

/** The units an experiment prunes, input side first. */
export function unitsOf(ctx: ExperimentContext): string[] {
  return ctx.config.layers ?? unitNames(ctx.base.description);
}

/** The plan of a prune job (agent or baseline) or a reference-plan job. */
export function jobPlan(ctx: ExperimentContext, spec: Exclude<JobSpec, { kind: 'uniform-l1' }>): JobPlan {
  if (spec.kind === 'reference') {
    const keepCounts = REFERENCE_PLANS.get(spec.name).keepCounts(ctx.base.description);
    return { method: 'l1', label: spec.name, layers: Object.keys(keepCounts), keepCounts };
  }
  const agent = agentJobOf(spec);
  if (!agent) return { method: spec.method, b: spec.b, layers: unitsOf(ctx) };
  const agentLayers = path.join(ctx.expDir, jobId(agent), 'layers.arrow');
  if (!fs.existsSync(agentLayers)) throw new ConfigError(`${jobId(spec)} prunes at the agent's counts, but ${agentLayers} does not exist yet`);
  return { method: spec.method, b: spec.b, layers: unitsOf(ctx), keepCounts: keepCountsOf(readArrowFile(agentLayers, LAYER_ROWS)) };
}

/** One point of the uniform-L1 curve: the same fraction of filters removed from every unit, by L1 norm. */
export function uniformPlan(ctx: ExperimentContext, ratio: number): JobPlan {
  const layers = unitsOf(ctx);
  const keepCounts = Object.fromEntries(layers.map((l) => [l, Math.max(1, Math.round((1 - ratio) * filterCount(ctx.base.description, l)))]));
  return { method: 'l1', layers, keepCounts };
}

/** What every pruning run of a job shares: the base network, its splits, the scoring and the engine, and the job's plan. */
export function pruningRunFromBase(ctx: ExperimentContext, seed: number, plan: JobPlan) {
  return {
    method: plan.method,
    label: plan.label,
    b: plan.b,
    seed,
    description: ctx.base.description,
    weights: ctx.base.weights,
    layers: plan.layers,
    keepCounts: plan.keepCounts,
    reward: ctx.reward,
    trainSample: ctx.trainSample,
    scoring: ctx.config.scoring,
    engine: ctx.engine.name,
    progress: ctx.progress,
  } satisfies Partial<PruneRunOptions>;
}

import * as tf from '@tensorflow/tfjs';
import { ActiveImplementation, Chosen, chooseImplementation, ImplementationKind } from '../choose-implementation';
import { activeBackend } from '../backend/select-backend';
import { ENGINE_INSTALL_HINTS, ENGINE_NAMES, EngineName, EnginePreference } from './engine-names';
import { createOnnxSession, loadOnnxRuntime, onnxThreads, ortFloat32, setOnnxThreads } from './onnxruntime';
import { SMOKE_EXPECTED, SMOKE_INPUT, smokeModel } from './smoke-model';

export type EngineSelection = Chosen<EngineName, EnginePreference>;

export type EngineActivator = (name: EngineName) => Promise<ActiveImplementation>;

const ENGINE_KIND: ImplementationKind<EngineName> = {
  title: 'Engine',
  noneLoaded: 'No inference engine could be loaded',
  names: ENGINE_NAMES,
  hints: ENGINE_INSTALL_HINTS,
  fallbackHint: ENGINE_INSTALL_HINTS.tfjs,
};

/** The policy with an injectable activator (tested with fakes, as chooseBackend is). */
export function chooseEngine(preference: EnginePreference, activate: EngineActivator): Promise<EngineSelection> {
  return chooseImplementation(ENGINE_KIND, preference, activate);
}

/** Loads onnxruntime-node, runs the smoke model and checks the result: an engine that computes garbage is unusable. */
async function activateOnnxRuntime(): Promise<ActiveImplementation> {
  const ort = loadOnnxRuntime();
  const session = await createOnnxSession(smokeModel(), { threads: 1 });
  try {
    const out = await session.run({ x: ortFloat32(Float32Array.from(SMOKE_INPUT), [2, 2]) });
    const y = Array.from(out.y.data as Float32Array);
    if (!SMOKE_EXPECTED.every((v, i) => Math.abs(y[i] - v) < 1e-4)) {
      throw new Error(`smoke test failed: MatMul gave [${y.join(', ')}], expected [${SMOKE_EXPECTED.join(', ')}]`);
    }
  } finally {
    await session.release();
  }
  return { version: ort.env.versions.node ?? ort.env.versions.common, details: { threads: onnxThreads() } };
}

async function activate(name: EngineName): Promise<ActiveImplementation> {
  if (name === 'onnxruntime') return activateOnnxRuntime();
  // tfjs runs on whichever compute backend was selected; nothing more to load.
  return { version: tf.version.tfjs, details: { backend: activeBackend()?.name ?? 'not selected' } };
}

let current: EngineSelection | undefined;

export interface SelectEngineOptions {
  /** onnxruntime intra-op threads (default: the cores this job has). */
  threads?: number;
}

/**
 * Selects the inference engine: `auto` takes onnxruntime when it loads and passes the smoke model, else tfjs.
 * Select the compute backend first (tfjs's details name it). Returns the selection; `activeEngine()` repeats it.
 */
export async function selectEngine(preference: EnginePreference = 'auto', options: SelectEngineOptions = {}): Promise<EngineSelection> {
  setOnnxThreads(options.threads);
  current = await chooseEngine(preference, activate);
  return current;
}

/** The engine chosen by the last selectEngine call, if any. */
export function activeEngine(): EngineSelection | undefined {
  return current;
}

import * as tf from '@tensorflow/tfjs';
import { BackendName, BackendPreference } from './backend-names';
import { ActiveBackend, BackendSelection, chooseBackend } from './choose-backend';
import { registerWasmTrainingKernels } from './wasm-kernels';

type TfNodeModule = typeof tf & { version: Record<string, string> };

// The tfjs-node packages are optional and absent on machines without network access at install time. A literal
// import would not compile when they are missing (TS2307), so the module name is held in a variable.
const TF_NODE_MODULES: Partial<Record<BackendName, string>> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
};

function requireOptional(moduleName: string): TfNodeModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(moduleName) as TfNodeModule;
}

/** tfjs backend names differ from ours: both tfjs-node packages register as 'tensorflow'. */
export function tfBackendName(name: BackendName): string {
  return name === 'tensorflow-gpu' || name === 'tensorflow' ? 'tensorflow' : name;
}

/** A 2×2 matMul whose result is checked: a backend that loads but computes garbage is not usable. */
function smokeTest(): void {
  const out = tf.tidy(() => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2])).dataSync());
  const expected = [19, 22, 43, 50];
  if (!expected.every((v, i) => Math.abs(out[i] - v) < 1e-4)) {
    throw new Error(`smoke test failed: matMul gave [${Array.from(out).join(', ')}], expected [${expected.join(', ')}]`);
  }
}

async function activate(name: BackendName): Promise<ActiveBackend> {
  // Production mode: no "install tfjs-node" banner from the cpu backend on stdout, no deprecation chatter. Our
  // own selection already says which backend runs and why.
  tf.enableProdMode();
  let version = tf.version.tfjs;
  const details: Record<string, string | number | boolean> = {};
  const nodeModule = TF_NODE_MODULES[name];
  if (nodeModule) {
    const mod = requireOptional(nodeModule);
    version = mod.version?.['tfjs-node'] ?? version;
  } else if (name === 'wasm') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const wasm = require('@tensorflow/tfjs-backend-wasm') as { version_wasm: string };
    version = wasm.version_wasm;
    registerWasmTrainingKernels();
  } else {
    version = tf.version['tfjs-backend-cpu'] ?? version;
  }
  const ok = await tf.setBackend(tfBackendName(name));
  if (!ok) throw new Error(`tf.setBackend('${tfBackendName(name)}') returned false: the backend failed to initialise`);
  await tf.ready();
  smokeTest();
  if (name === 'wasm') {
    details.simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
    details.threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? 'multi' : 'single';
  }
  return { version, details };
}

let current: BackendSelection | undefined;

/**
 * Selects and activates a compute backend. `auto` tries tensorflow-gpu, tensorflow, wasm, cpu in that order.
 * Call before creating any tensor. Selecting again with the same preference returns the active selection.
 */
export async function selectBackend(preference: BackendPreference = 'auto'): Promise<BackendSelection> {
  if (current && (current.preference === preference || current.name === preference)) {
    if (tf.getBackend() === tfBackendName(current.name)) return current;
  }
  current = await chooseBackend(preference, activate);
  return current;
}

/** The backend chosen by the last selectBackend call, if any. */
export function activeBackend(): BackendSelection | undefined {
  return current;
}

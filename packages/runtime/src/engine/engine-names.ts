/**
 * Inference engines, best first; `auto` tries them in this order. Training always runs on tfjs (the compute
 * backend); an engine runs forward passes only: candidate scoring, test evaluation, latency measurement.
 */
export const ENGINE_NAMES = ['onnxruntime', 'tfjs'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

export const ENGINE_PREFERENCES = ['auto', ...ENGINE_NAMES] as const;
export type EnginePreference = (typeof ENGINE_PREFERENCES)[number];

export function isEnginePreference(value: string): value is EnginePreference {
  return (ENGINE_PREFERENCES as readonly string[]).includes(value);
}

/** How to get an engine that is missing; printed with the error. */
export const ENGINE_INSTALL_HINTS: Record<EngineName, string> = {
  onnxruntime:
    'Install it with `npm install onnxruntime-node@1.30.0` (an optional dependency; its CPU binaries ship in the package, and the allowScripts field of package.json skips the CUDA download).',
  tfjs: 'tfjs runs on the selected compute backend (see --backend); reinstall dependencies with `npm ci`.',
};

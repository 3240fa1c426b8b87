/** Compute backends, best first. `auto` tries them in this order. */
export const BACKEND_NAMES = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export const BACKEND_PREFERENCES = ['auto', ...BACKEND_NAMES] as const;
export type BackendPreference = (typeof BACKEND_PREFERENCES)[number];

export function isBackendPreference(value: string): value is BackendPreference {
  return (BACKEND_PREFERENCES as readonly string[]).includes(value);
}

/** How to get a backend that is missing; printed with the error. */
export const INSTALL_HINTS: Record<BackendName, string> = {
  'tensorflow-gpu':
    'Install it with `npm install @tensorflow/tfjs-node-gpu@4.22.0` on a machine with CUDA and network access (its install script downloads libtensorflow).',
  tensorflow:
    'Install it with `npm install @tensorflow/tfjs-node@4.22.0` on a machine with network access (its install script downloads libtensorflow).',
  wasm: 'Reinstall dependencies with `npm ci`; @tensorflow/tfjs-backend-wasm ships its .wasm files in the package.',
  cpu: 'The pure-JS cpu backend is part of @tensorflow/tfjs; reinstall dependencies with `npm ci`.',
};

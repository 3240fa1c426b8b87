// Jest runs each test file in its own vm context, whose typed-array and ArrayBuffer constructors differ from the
// main realm's. Native addons (onnxruntime-node) create their output arrays in the main realm, and
// onnxruntime-common then rejects them ("A float32 tensor's data must be type of function Float32Array()"),
// because its `instanceof` checks use the test context's constructors. Sharing the main realm's binary-data
// constructors with the test context makes both sides agree, as they do outside jest.
const { TestEnvironment } = require('jest-environment-node');

const SHARED = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];

class MainRealmArraysEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}

module.exports = MainRealmArraysEnvironment;

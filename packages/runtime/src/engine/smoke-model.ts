import { onnx } from 'onnx-proto';

/**
 * A one-node ONNX model, y = x · [[5, 6], [7, 8]] for x of shape [2, 2]: the tiny computation an engine must get
 * right before `auto` uses it (the same check the compute backends pass, see select-backend.ts).
 */
export function smokeModel(): Uint8Array {
  const float = onnx.TensorProto.DataType.FLOAT;
  const matrix = (name: string) =>
    onnx.ValueInfoProto.create({
      name,
      type: { tensorType: { elemType: float, shape: { dim: [{ dimValue: 2 }, { dimValue: 2 }] } } },
    });
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'learn-to-prune',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'smoke',
      node: [{ opType: 'MatMul', input: ['x', 'w'], output: ['y'] }],
      initializer: [{ name: 'w', dims: [2, 2], dataType: float, floatData: [5, 6, 7, 8] }],
      input: [matrix('x')],
      output: [matrix('y')],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

export const SMOKE_INPUT = [1, 2, 3, 4];
export const SMOKE_EXPECTED = [19, 22, 43, 50];

import { onnx } from 'onnx-proto';

/** ONNX opset and IR version of every graph we write (opset 13: Slice/Reshape/ReduceSum take tensor inputs). */
export const OPSET = 13;
export const IR_VERSION = 7;

export type ElemType = 'float' | 'int64' | 'int32';
const ELEM: Record<ElemType, onnx.TensorProto.DataType> = {
  float: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
  int32: onnx.TensorProto.DataType.INT32,
};

/** A dimension: a size, or a symbolic name for one that varies (the batch, the candidate count). */
export type Dim = number | string;

/** A node attribute, tagged with its ONNX type (an integer-valued float must stay a float). */
export type Attr = { int: number } | { ints: readonly number[] } | { float: number };

export const int = (v: number): Attr => ({ int: v });
export const ints = (v: readonly number[]): Attr => ({ ints: v });
export const float = (v: number): Attr => ({ float: v });

function attribute(name: string, value: Attr): onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if ('int' in value) return { name, type: T.INT, i: value.int };
  if ('ints' in value) return { name, type: T.INTS, ints: [...value.ints] };
  return { name, type: T.FLOAT, f: value.float };
}

function valueInfo(name: string, elem: ElemType, dims: readonly Dim[]): onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: ELEM[elem], shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  };
}

/** Little-endian bytes of a typed array (ONNX raw_data is little-endian, as x86 and ARM are). */
function rawBytes(data: Float32Array | BigInt64Array): Uint8Array {
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

/**
 * Accumulates one ONNX graph: inputs, outputs, constant initializers and nodes, with unique value names, and
 * serialises it as a ModelProto. Node outputs are named after the layer that makes them where possible, so an
 * onnxruntime profile reads like the description.
 */
export class OnnxGraphBuilder {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private readonly used = new Set<string>();

  constructor(readonly name: string) {}

  /** A value name not used yet, derived from `base`. */
  fresh(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  input(name: string, dims: readonly Dim[], elem: ElemType = 'float'): string {
    if (this.used.has(name)) throw new Error(`onnx graph '${this.name}': input name '${name}' is taken`);
    this.used.add(name);
    this.inputs.push(valueInfo(name, elem, dims));
    return name;
  }

  /** Declares `value` a graph output under `name` (through an Identity when the names differ). */
  output(value: string, name: string, dims: readonly Dim[], elem: ElemType = 'float'): void {
    const out = value === name ? value : this.node('Identity', [value], {}, name);
    if (out !== name) throw new Error(`onnx graph '${this.name}': output name '${name}' is taken`);
    this.outputs.push(valueInfo(name, elem, dims));
  }

  floats(base: string, data: Float32Array, dims: readonly number[]): string {
    return this.constant(base, 'float', rawBytes(data), dims);
  }

  int64s(base: string, values: readonly number[]): string {
    return this.constant(base, 'int64', rawBytes(BigInt64Array.from(values.map((v) => BigInt(v)))), [values.length]);
  }

  /** One node with one output; returns the output's name. */
  node(op: string, inputs: readonly string[], attrs: Record<string, Attr> = {}, outputBase: string = op): string {
    const output = this.fresh(outputBase);
    this.nodes.push({
      opType: op,
      name: output,
      input: [...inputs],
      output: [output],
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return output;
  }

  toBytes(docString = ''): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      producerName: 'learn-to-prune',
      producerVersion: '0.1.0',
      docString,
      opsetImport: [{ domain: '', version: OPSET }],
      graph: { name: this.name, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs },
    });
    return onnx.ModelProto.encode(model).finish();
  }

  private constant(base: string, elem: ElemType, raw: Uint8Array, dims: readonly number[]): string {
    const name = this.fresh(base);
    this.initializers.push({ name, dataType: ELEM[elem], dims: [...dims], rawData: raw });
    return name;
  }
}

import type { LayerNode, Shape } from '../description/types';

/** Edits one node's weights during surgery; absent when only the description is being pruned. */
export interface WeightEditor {
  /** Replaces this node's weight `param` with its slices at `indices` along `axis`. */
  gather(param: string, indices: number[], axis: number): void;
}

export interface SurgeryContext {
  /** Output shape of the node feeding this one, before the surgery. */
  inputShape: Shape;
  weights?: WeightEditor;
  /** Which of the node's inputs the removal arrives through (default 0), and the shapes of all of them. */
  inputIndex?: number;
  inputShapes?: Shape[];
  /** Per input, the channels it keeps when the removal reaches it (undefined: that input is untouched). */
  inputKeeps?: (number[] | undefined)[];
  /**
   * The removal is one of a coupled-channel group: every input of a node that ties branches together (a residual
   * add) arrives with the same channels removed. Without it, reaching such a node is a CoupledChannelsError.
   */
  group?: boolean;
}

export interface RemoveInputsResult<N extends LayerNode> {
  node: N;
  /** The surviving channel/feature indices of this node's output, when the removal flows on through it;
   *  absent when this node consumes the channels (a conv or dense layer's input axis). */
  passOn?: number[];
}

/** How one layer kind takes part in removing filters: its own outputs (producers) and arriving inputs. */
export interface SurgeryHandler<N extends LayerNode> {
  removeOutputs?(node: N, keep: number[], ctx: SurgeryContext): N;
  removeInputs(node: N, keep: number[], ctx: SurgeryContext): RemoveInputsResult<N>;
}

/** Thrown when a removal reaches a node that couples channels with another branch (residual add). */
export class CoupledChannelsError extends Error {}

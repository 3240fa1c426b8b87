// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the declaration must reach packages that compile this file through @l2p/report
/// <reference path="../types/vega-lite.d.ts" />
/**
 * vega and vega-lite are ES modules only, and this package is CommonJS. Node's require(esm) cannot load vega
 * (vega-canvas's Node build has a top-level await), so they are loaded with `import()`:
 * - under tsx (the CLI) `import()` stays a real dynamic import and Node loads the ES modules natively;
 * - under jest, @swc/jest turns it into `require()`, and jest.config.js has swc compile vega, vega-lite and the
 *   d3 modules to CommonJS (and points vega-canvas at its browser build, which has no top-level await).
 * Both paths run the same vega code, in-process: no child process, no --experimental-vm-modules. Charts render
 * with vega's SVG renderer, so no canvas package is involved either way.
 */

/** The few vega-lite entry points used here (its types do not resolve under moduleResolution "node"). */
export interface VegaLiteApi {
  compile(spec: Record<string, unknown>): { spec: unknown };
  version: string;
}

export interface VegaApi {
  View: new (runtime: unknown, options: { renderer: 'none' }) => { toSVG(scale?: number): Promise<string>; finalize(): void };
  parse(spec: unknown): unknown;
  textMetrics: { canvas(use: boolean): void };
  version: string;
}

let loaded: Promise<{ vega: VegaApi; vegaLite: VegaLiteApi }> | undefined;

export function loadVega(): Promise<{ vega: VegaApi; vegaLite: VegaLiteApi }> {
  loaded ??= (async () => {
    const vega = (await import('vega')) as unknown as VegaApi;
    const vegaLite = (await import('vega-lite')) as unknown as VegaLiteApi;
    // Text widths (for label layout) from vega's font-size estimate, never from node-canvas should it be
    // installed: the SVG must not depend on what happens to be on the machine.
    vega.textMetrics.canvas(false);
    return { vega, vegaLite };
  })();
  return loaded;
}

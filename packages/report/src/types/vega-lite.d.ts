// vega-lite's own types sit under build/ behind "exports", which moduleResolution "node" (the workspace
// setting) cannot see. The report only compiles specs, so this declares that one entry point.
declare module 'vega-lite' {
  export function compile(spec: Record<string, unknown>): { spec: unknown };
  export const version: string;
}

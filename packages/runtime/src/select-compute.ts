import { BackendPreference } from './backend/backend-names';
import { BackendSelection } from './backend/choose-backend';
import { selectBackend } from './backend/select-backend';
import { EnginePreference } from './engine/engine-names';
import { EngineSelection, selectEngine } from './engine/select-engine';

export interface ComputeOptions {
  backend: BackendPreference;
  engine: EnginePreference;
  /** onnxruntime intra-op threads; undefined = the cores this job has (jobCores()). */
  threads?: number;
}

/** Selects the compute backend, then the inference engine (whose tfjs choice runs on that backend). */
export async function selectCompute(options: ComputeOptions): Promise<{ backend: BackendSelection; engine: EngineSelection }> {
  const backend = await selectBackend(options.backend);
  const engine = await selectEngine(options.engine, { threads: options.threads });
  return { backend, engine };
}

/** One line for the log: which backend and engine run, and what auto skipped. */
export function computeSummary({ backend, engine }: { backend: BackendSelection; engine: EngineSelection }): string {
  const skipped = (s: { skipped: { name: string }[] }) => (s.skipped.length ? ` (skipped ${s.skipped.map((x) => x.name).join(', ')})` : '');
  const threads = engine.details?.threads !== undefined ? `, ${engine.details.threads} threads` : '';
  return `backend: ${backend.name} ${backend.version}${skipped(backend)}; engine: ${engine.name} ${engine.version}${threads}${skipped(engine)}`;
}

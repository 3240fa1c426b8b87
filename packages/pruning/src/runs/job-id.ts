import { ConfigError } from '@l2p/runtime';
import { DECIDERS } from '../deciders/registry';
import { REFERENCE_PLANS } from '../references/registry';
import { JobSpec, jobSpecSchema, UNIFORM_L1 } from './job-spec';

/**
 * A job's name. A job id (`agent-b0.5-s0`, `li-pruned-a-s0`, `uniform-l1-s0`) is the job's directory under
 * `runs/<experiment>/`, its run id in every Arrow table and its lock's name, made from the job (job-spec.ts) by
 * encodeJobId. Decoding one is only for what is a name to begin with — a directory of a runs folder (the report,
 * `l2p prune --resume`) or a job typed by hand (`l2p job demo agent-b1-s0`) — and checks the parts by the job
 * schema, so a name and a job given as data obey the same rules. Executors pass the job itself.
 */

const escape = (name: string): string => name.replace(/[^a-z0-9]/gi, '\\$&');
const alternatives = (names: readonly string[]): string => names.map(escape).join('|');

export function encodeJobId(spec: JobSpec): string {
  switch (spec.kind) {
    case 'prune':
      return `${spec.method}-b${spec.b}-s${spec.seed}`;
    case 'reference':
      return `${spec.name}-s${spec.seed}`;
    case 'uniform-l1':
      return `${UNIFORM_L1}-s${spec.seed}`;
  }
}

const JOB_ID_FORMS = 'job ids look like agent-b1-s0, l1-b0.5-s2, li-pruned-a-s0, uniform-l1-s0';

/** The job an id's parts make, by the rules of a job given as data, if the id is that job's canonical name. */
function fromParts(id: string, parts: Record<string, unknown>): JobSpec | string {
  const parsed = jobSpecSchema.safeParse(parts);
  if (!parsed.success) return parsed.error.issues[0].message;
  // The id must be the one this job would be given: 'agent-b01-s0' would be a second folder for agent-b1-s0.
  return encodeJobId(parsed.data) === id ? parsed.data : `not in canonical form (${encodeJobId(parsed.data)})`;
}

/** The job an id names, or a reason it names none. */
function decode(id: string): JobSpec | string {
  let m = new RegExp(`^(${alternatives(DECIDERS.names())})-b([0-9.]+)-s(\\d+)$`).exec(id);
  if (m) return fromParts(id, { kind: 'prune', method: m[1], b: Number(m[2]), seed: Number(m[3]) });
  m = new RegExp(`^(${alternatives(REFERENCE_PLANS.names())}|${escape(UNIFORM_L1)})-s(\\d+)$`).exec(id);
  if (m) return fromParts(id, m[1] === UNIFORM_L1 ? { kind: UNIFORM_L1, seed: Number(m[2]) } : { kind: 'reference', name: m[1], seed: Number(m[2]) });
  return 'not a job id';
}

/** The job `id` names; a ConfigError naming the id and the rule when it names none. */
export function decodeJobId(id: string): JobSpec {
  const spec = decode(id);
  if (typeof spec === 'string') {
    // The forms are shown only when the id has none of them; otherwise the rule it broke says enough.
    const hint = spec === 'not a job id' ? `${JOB_ID_FORMS}; methods: ${DECIDERS.names().join(', ')}; references: ${REFERENCE_PLANS.names().join(', ')}` : undefined;
    throw new ConfigError(`job id '${id}': ${spec}`, hint);
  }
  return spec;
}

/** The job `id` names, or undefined (a directory of a runs folder that is not a job: `base`, `_generated`, …). */
export function tryDecodeJobId(id: string): JobSpec | undefined {
  const spec = decode(id);
  return typeof spec === 'string' ? undefined : spec;
}

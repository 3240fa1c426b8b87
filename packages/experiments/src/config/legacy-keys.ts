/**
 * Config keys that were renamed or removed (README: "Renamed and removed config keys"). An experiment file that
 * still uses one is refused before validation, with the new key or what to do, instead of zod's bare
 * "Unrecognized key". Old names are not read as aliases: an alias would outlive the release it was meant for.
 */
const RENAMED: Readonly<Record<string, string>> = {
  budget: 'renamed budgetPolicy (the policy; `budgets` is the list of b), with reference → measureFrom and guard → onBreach',
  references: 'renamed referencePlans',
  maxImagesPerPass: 'moved to advanced.maxImagesPerPass',
  'model.groups': 'moved to advanced.channelGroups',
};

const FIXED_SIZES = "the agent's sizes are fixed in packages/pruning/src/agent/policy-network.ts";
/** Why each removed key went: none was ever changed by an experiment or ablation. */
const REMOVED_WHY: Readonly<Record<string, string>> = {
  'agent.convChannels': FIXED_SIZES,
  'agent.fcOnlyMaxM': FIXED_SIZES,
  'agent.poolGrid': FIXED_SIZES,
  'agent.hidden': FIXED_SIZES,
  'agent.entropyBonus': 'it was 0: no entropy bonus',
  'agent.clipPsiLower': 'it was null: ψ is not clipped',
  'agent.onViolation': "a decision that breaks b always falls back to the best sample within b ('best-sample')",
};
const REMOVED_KEYS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(REMOVED_WHY).map(([key, why]) => [key, `removed (${why}); delete the key`]),
);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: Json | undefined): v is { [key: string]: Json } => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

function has(obj: { [key: string]: Json }, dotted: string): boolean {
  const [head, ...rest] = dotted.split('.');
  if (!(head in obj)) return false;
  if (rest.length === 0) return true;
  const next = obj[head];
  return isObject(next) && has(next, rest.join('.'));
}

/** `key: what to do` for every renamed or removed key in an experiment file (its top level and each configuration). */
export function legacyKeyProblems(raw: { [key: string]: Json }): string[] {
  const { configurations, ...base } = raw;
  const scopes: [string, { [key: string]: Json }][] = [['', base]];
  if (isObject(configurations)) {
    for (const [name, c] of Object.entries(configurations)) if (isObject(c)) scopes.push([`configurations.${name}.`, c]);
  }
  const problems: string[] = [];
  for (const [prefix, obj] of scopes) {
    for (const [key, what] of Object.entries({ ...RENAMED, ...REMOVED_KEYS })) {
      if (has(obj, key)) problems.push(`${prefix}${key}: ${what}`);
    }
  }
  return problems;
}

/** The values the removed keys had by default: a recorded config that kept them is the same experiment today. */
const REMOVED_DEFAULTS: Readonly<Record<string, Json>> = {
  convChannels: [8, 16],
  fcOnlyMaxM: 16,
  poolGrid: 8,
  hidden: 64,
  entropyBonus: 0,
  clipPsiLower: null,
  onViolation: 'best-sample',
};

/**
 * A config recorded under the old names (a run directory's experiment.json, made before the renames) in today's
 * names, so a sweep started before them continues instead of being refused as "a different configuration";
 * undefined when a removed key held anything but its default (that experiment cannot be run any more).
 */
export function upgradeRecordedConfig(recorded: { [key: string]: Json }): { [key: string]: Json } | undefined {
  const { budget, references, maxImagesPerPass, model, agent, ...rest } = recorded;
  const out: { [key: string]: Json } = { ...rest };
  if (isObject(agent)) {
    const kept: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(agent)) {
      if (!(k in REMOVED_DEFAULTS)) kept[k] = v;
      else if (JSON.stringify(v) !== JSON.stringify(REMOVED_DEFAULTS[k])) return undefined;
    }
    out.agent = kept;
  }
  if (isObject(model)) {
    const { groups, ...m } = model;
    out.model = m;
    if (groups === true) out.advanced = { channelGroups: true };
  }
  if (typeof maxImagesPerPass === 'number') out.advanced = { ...(isObject(out.advanced) ? out.advanced : {}), maxImagesPerPass };
  if (references !== undefined) out.referencePlans = references;
  if (isObject(budget)) {
    const { reference, guard, ...b } = budget;
    out.budgetPolicy = { ...b, ...(reference !== undefined ? { measureFrom: reference } : {}), ...(guard !== undefined ? { onBreach: guard } : {}) };
  }
  return out;
}

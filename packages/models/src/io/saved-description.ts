import { withUnits } from '../description/channel-groups';
import type { ModelDescription } from '../description/types';

/** What a description saved before every pruning unit was a channel group carried: `prunable` layers, optional groups. */
interface LegacyFields {
  prunable?: { layer: string }[];
  groups?: ModelDescription['groups'];
}

/**
 * A stored description in today's form. Models saved before the channel group became the only unit list
 * `prunable` layers (each now a group of one) and, when pruned through groups, `groups`; both read as the same units.
 */
export function upgradeSavedDescription(stored: ModelDescription): ModelDescription {
  const legacy = stored as unknown as LegacyFields & Record<string, unknown>;
  if (!('prunable' in legacy)) return stored;
  const { prunable, groups: everyGroup, ...rest } = legacy;
  const draft = { ...rest, groups: [] } as unknown as ModelDescription;
  // A description pruned through groups listed every group; otherwise its prunable layers were its units.
  return everyGroup !== undefined ? withUnits(draft) : withUnits(draft, (prunable ?? []).map((p) => p.layer));
}

/** JSON with object keys sorted: two descriptions built in different key orders compare equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

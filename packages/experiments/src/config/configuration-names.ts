/**
 * The configurations every experiment file has (paper at the top level, the others as overrides). In a file of
 * its own so `l2p --help` can list them without loading the config schema (and the pruning registry it uses).
 */
export const CONFIGURATION_NAMES = ['paper', 'cpu', 'smoke'] as const;
export type ConfigurationName = (typeof CONFIGURATION_NAMES)[number];

import { defineRegistry } from '@l2p/runtime';
import { liPrunedA } from './li-pruned-a';
import type { ReferencePlan } from './reference-plan';

// To add a plan from the literature: a file exporting a ReferencePlan, and one line here.
export const REFERENCE_PLANS = defineRegistry<ReferencePlan>('reference plan', [liPrunedA]);

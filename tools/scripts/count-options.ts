/**
 * Counts the leaf options of the experiment schema (by zod introspection) and of PruneRunOptions (its own fields,
 * read from pipeline-options.ts by the TypeScript compiler, with the agent, budgetPolicy and scoring groups counted
 * by their schemas' keys), and, with --used, which experiment-schema leaves no shipped experiment or ablation sets.
 * Usage: npx tsx tools/scripts/count-options.ts [--list] [--used]
 * A leaf is a key whose value is not a further object of keys (a number, a list, an enum, a schedule variant's
 * field); each variant field of a tagged union counts once.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { z } from 'zod';
import { experimentSchema } from '../../packages/experiments/src/config/config-schema';
import { agentOptionsSchema, budgetPolicySchema, scoringOptionsSchema } from '../../packages/pruning/src';

function unwrap(s: z.ZodTypeAny): z.ZodTypeAny {
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap();
    else if (s instanceof z.ZodDefault) s = s.removeDefault();
    else if (s instanceof z.ZodEffects) s = s.innerType();
    else return s;
  }
}

export function leaves(s: z.ZodTypeAny, prefix = ''): string[] {
  const inner = unwrap(s);
  if (inner instanceof z.ZodObject) {
    return Object.entries(inner.shape as Record<string, z.ZodTypeAny>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
  }
  if (inner instanceof z.ZodDiscriminatedUnion) {
    const keys = new Set<string>();
    for (const o of inner.options as z.ZodObject<z.ZodRawShape>[]) for (const l of leaves(o, prefix)) keys.add(l);
    return [...keys];
  }
  return [prefix];
}

function usedKeys(): Set<string> {
  const root = path.resolve(__dirname, '../../experiments');
  const out = new Set<string>();
  const walk = (v: unknown, prefix: string): void => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) walk(x, prefix ? `${prefix}.${k}` : k);
    } else out.add(prefix);
  };
  for (const dir of ['configs', 'ablations']) {
    for (const f of fs.readdirSync(path.join(root, dir)).filter((n) => n.endsWith('.json'))) {
      const { configurations = {}, ...base } = JSON.parse(fs.readFileSync(path.join(root, dir, f), 'utf8'));
      walk(base, '');
      for (const c of Object.values(configurations)) walk(c, '');
    }
  }
  return out;
}

/** PruneRunOptions' own fields, from its declaration. */
function pruneRunFields(): string[] {
  const file = path.resolve(__dirname, '../../packages/pruning/src/pipeline/pipeline-options.ts');
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const fields: string[] = [];
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'PruneRunOptions') {
      for (const m of node.members) if (m.name && ts.isIdentifier(m.name)) fields.push(m.name.text);
    }
  });
  return fields;
}

const GROUPS: Record<string, z.ZodTypeAny> = { agent: agentOptionsSchema, budgetPolicy: budgetPolicySchema, scoring: scoringOptionsSchema };
const run = pruneRunFields().flatMap((f) => (GROUPS[f] ? leaves(GROUPS[f], f) : [f]));
console.log(`PruneRunOptions: ${run.length} leaf options`);
if (process.argv.includes('--list')) for (const l of run) console.log(`  ${l}`);

const all = leaves(experimentSchema);
console.log(`experiment schema: ${all.length} leaf options`);
if (process.argv.includes('--list')) for (const l of all) console.log(`  ${l}`);
if (process.argv.includes('--used')) {
  const used = usedKeys();
  const unset = all.filter((l) => ![...used].some((u) => u === l || u.startsWith(`${l}.`) || l.startsWith(`${u}.`)));
  console.log(`never set by a shipped experiment or ablation (${unset.length}):`);
  for (const l of unset) console.log(`  ${l}`);
}

// `runbook modules [NAME]`: the registry as a list, or one module's parameters.

import { aliasesOf } from '../../engine/module-api/aliases.js';
import { typeName } from '../../engine/validate/schema/modules-doc.js';
import { lookupModule, userModulesOf } from '../../engine/module-api/registry.js';
import { projectModules } from '../../engine/library/load-library.js';
import { modules } from '../../modules/index.js';
import { ExitCode } from '../../engine/errors.js';
import type { SchemaNode } from '../../engine/module-api/schema-types.js';

export interface ModulesOptions {
  playbookDir?: string;
}

export async function run(name: string | undefined, opts: ModulesOptions = {}): Promise<number> {
  // A project's own modules (library/ in the playbook's folder) are listed with the built-in ones.
  const registry = await projectModules(modules, opts.playbookDir ?? '.');
  const own = new Set(userModulesOf(registry));
  if (!name) {
    const width = Math.max(...Object.keys(registry).map((n) => n.length));
    for (const m of Object.values(registry)) console.log(`${m.name.padEnd(width)}  ${m.summary}${own.has(m) ? '  (library/)' : ''}`);
    return ExitCode.ok;
  }
  const m = lookupModule(registry, name);
  if (!m) {
    process.stderr.write(`runbook: no module named ${JSON.stringify(name)} (runbook modules lists them)\n`);
    return ExitCode.invalid;
  }
  console.log(`${m.name} — ${m.summary}\n`);
  if (m.freeForm) console.log(`Free form: \`${m.name}: <${m.freeForm}>\` is short for \`${m.name}: {${m.freeForm}: ...}\`\n`);
  const required = new Set(m.params.required ?? []);
  for (const [key, p] of Object.entries(m.params.properties) as [string, SchemaNode][]) {
    const bits = [typeName(p)];
    if (required.has(key)) bits.push('required');
    if (p.default !== undefined) bits.push(`default ${JSON.stringify(p.default)}`);
    const aliases = aliasesOf(m, key);
    const also = aliases.length > 0 ? `  alias${aliases.length > 1 ? 'es' : ''}: ${aliases.join(', ')}` : '';
    console.log(`  ${key} (${bits.join(', ')})${also}\n      ${p.description ?? ''}`);
  }
  return ExitCode.ok;
}

// A module's params as the executor hands them over: checked against its schema, defaults filled in. Test
// harnesses plan with these, so a test can never pass params the executor would refuse.

import { validateModuleArgs } from '../../src/engine/validate/index.js';
import type { AnyModule } from '../../src/engine/module-api/module.js';

export function argsFor(module: AnyModule, params: Record<string, unknown>): Record<string, unknown> {
  const args = structuredClone(params);
  const problems = validateModuleArgs(module, args, { file: 'test', line: 1, col: 1 });
  if (problems.length) throw new Error(`invalid params for ${module.name}: ${problems.map((p) => p.message).join('; ')}`);
  return args;
}

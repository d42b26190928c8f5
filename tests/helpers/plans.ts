// What a plan would run, as data: the command line of each change. A change that is not one command line
// (an atomic put, a reboot) has no line to compare, so asking for one is a test error.

import type { Change, Plan } from '../../src/engine/module-api/module.js';

export function commandsOf(plan: Plan | { changes: readonly Change[] }): string[] {
  return plan.changes.map((c) => {
    if (!('run' in c)) throw new Error(`change "${c.summary}" is not a command line`);
    return c.run;
  });
}

// Module arguments runbook accepts so that ported playbooks validate, but does not act on as Ansible does.
// Given a value that would make a difference in Ansible, they are worth a warning: the reader may expect
// the Ansible behaviour. A table here rather than in the modules: it is about Ansible, not the modules.

import type { Problem } from '../errors.js';
import type { ModuleArgs } from './module-args.js';

interface Ignored {
  /** True when the value changes what Ansible would do (a template may: it counts). */
  matters(value: unknown): boolean;
  why: string;
}

const IGNORED: Readonly<Record<string, Readonly<Record<string, Ignored>>>> = {
  debug: {
    verbosity: { matters: (v) => v !== 0, why: 'runbook always prints the message; Ansible prints it only at that -v level' },
  },
  set_fact: {
    cacheable: { matters: (v) => v !== false, why: 'runbook keeps facts for this run only; nothing is cached for later runs' },
  },
};

/** A located warning for each ignored argument given a value that matters. */
export function ignoredArgWarnings(module: string, margs: ModuleArgs): Problem[] {
  const table = Object.hasOwn(IGNORED, module) ? IGNORED[module]! : {};
  return Object.entries(table)
    .filter(([arg, ignored]) => Object.hasOwn(margs.args, arg) && ignored.matters(margs.args[arg]))
    .map(([arg, ignored]) => ({
      loc: margs.locs[arg] ?? margs.loc,
      message: `${module}: ${arg} is ignored: ${ignored.why}`,
      hint: `remove ${arg} to silence this warning`,
    }));
}

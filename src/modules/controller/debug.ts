// debug: print a message or a variable, as Ansible's debug. Never changes anything.

import { ModuleFailure, TemplateError } from '../../engine/errors.js';
import { defineModule } from '../../engine/module-api/module.js';

export const debug = defineModule({
  name: 'debug',
  summary: 'Print a message or the value of a variable; never changes anything.',
  controllerOnly: true,
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      // No schema default: msg and var exclude each other, so a given msg must be told from the default.
      msg: { description: "The message to print (templated like any argument; any value). Default: 'Hello world!'." },
      var: { type: 'string', description: 'Name (or expression) of a variable whose value to print instead of msg; not templated with {{ }}.' },
      verbosity: { type: 'integer', minimum: 0, default: 0, description: 'Accepted for compatibility with Ansible; runbook always prints.' },
    },
  },
  async plan(ctx, p) {
    if (p.var !== undefined) {
      if (p.msg !== undefined) throw new ModuleFailure("'msg' and 'var' are incompatible options");
      return { changes: [], data: { [p.var]: valueOf(ctx.evaluate.bind(ctx), p.var) } };
    }
    return { changes: [], data: { msg: p.msg === undefined ? 'Hello world!' : p.msg } };
  },
});

/** Like Ansible, an undefined variable prints as a marker instead of failing the task. */
function valueOf(evaluate: (expr: string) => unknown, name: string): unknown {
  try {
    return evaluate(name);
  } catch (e) {
    if (e instanceof TemplateError && /is undefined/.test(e.message)) return 'VARIABLE IS NOT DEFINED!';
    throw e;
  }
}

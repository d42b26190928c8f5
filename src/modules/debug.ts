// debug: print a message or a variable, as Ansible's debug. Never changes anything.

import { defineModule } from './types.js';

export const debug = defineModule({
  name: 'debug',
  summary: 'Print a message or the value of a variable; never changes anything.',
  controllerOnly: true,
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      msg: { description: 'The message to print (templated like any argument).', default: 'Hello world!' },
      var: { type: 'string', description: 'Name of a variable whose value to print instead of msg.' },
      verbosity: { type: 'integer', minimum: 0, default: 0, description: 'Accepted for compatibility with Ansible; runbook always prints.' },
    },
  },
  async plan(ctx, p) {
    if (p.var !== undefined) return { changes: [], data: { [p.var]: ctx.evaluate(p.var) } };
    return { changes: [], data: { msg: p.msg } };
  },
});

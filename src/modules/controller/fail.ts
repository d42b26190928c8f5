// fail: stop this host with a message, as Ansible's fail (usually with `when`).

import { ModuleFailure } from '../../engine/errors.js';
import { defineModule } from '../../engine/module-api/module.js';

export const fail = defineModule({
  name: 'fail',
  summary: 'Fail the task with a message (use with when).',
  controllerOnly: true,
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      msg: { type: 'string', default: 'Failed as requested from task', description: 'The failure message.' },
    },
  },
  async plan(_ctx, p) {
    throw new ModuleFailure(p.msg);
  },
});

// assert: check that expressions hold, as Ansible's assert. Each must evaluate to exactly true; anything
// that is not a boolean is an error rather than truthy, so a typo can't pass silently.

import { ModuleFailure } from '../../engine/errors.js';
import { defineModule } from '../../engine/module-api/module.js';

export const assert = defineModule({
  name: 'assert',
  summary: 'Fail unless every expression in that evaluates to true; never changes anything.',
  controllerOnly: true,
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['that'],
    properties: {
      that: {
        anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
        description: "An expression, or a list of them, that must each be true (same language as when: x == 'a', x is defined, 'b' in list).",
      },
      fail_msg: { type: 'string', description: "Message of the failure when an expression is false. Default: 'Assertion failed'." },
      msg: { type: 'string', description: 'Same as fail_msg (Ansible’s older name).' },
      success_msg: { type: 'string', default: 'All assertions passed', description: 'Message of the result when every expression is true.' },
      quiet: { type: 'boolean', default: false, description: 'Accepted for compatibility with Ansible (it only shortens verbose output there).' },
    },
  },
  async plan(ctx, p) {
    for (const assertion of Array.isArray(p.that) ? p.that : [p.that]) {
      const value = ctx.evaluate(assertion);
      if (typeof value !== 'boolean') {
        throw new ModuleFailure(`assertion "${assertion}" gave ${JSON.stringify(value) ?? String(value)}, not true or false`, { assertion, evaluated_to: value }, {
          hint: "compare explicitly (x == 'yes', x | length > 0)",
        });
      }
      if (!value) throw new ModuleFailure(p.fail_msg ?? p.msg ?? 'Assertion failed', { assertion, evaluated_to: false });
    }
    return { changes: [], data: { msg: p.success_msg, evaluated_to: true } };
  },
});

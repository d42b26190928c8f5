// service: Ansible's generic service module. Ansible hands it to the systemd module when the host's
// service manager is systemd, dropping the SysV-only arguments with a warning; runbook does the same and
// refuses other service managers rather than guessing.

import { ModuleFailure } from '../../engine/errors.js';
import { planSystemd } from './systemd.js';
import { defineModule } from '../../engine/module-api/module.js';

const SYSV_ONLY = ['sleep', 'pattern', 'arguments', 'runlevel'] as const;

export const service = defineModule({
  name: 'service',
  summary: 'Start, stop, restart, reload or enable a service (systemd hosts; the same as the systemd module).',
  aliases: { args: 'arguments' },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'Service name.' },
      state: { enum: ['started', 'stopped', 'restarted', 'reloaded'], description: 'started/stopped: only when not already. restarted/reloaded: always.' },
      enabled: { type: 'boolean', description: 'Start the service at boot.' },
      use: { enum: ['auto', 'systemd'], default: 'auto', description: 'Service manager; auto: ansible_service_mgr when facts were gathered, else systemd.' },
      sleep: { type: 'integer', description: 'SysV only: ignored on systemd (with a warning), as in Ansible.' },
      pattern: { type: 'string', description: 'SysV only: ignored on systemd (with a warning), as in Ansible.' },
      arguments: { type: 'string', description: 'SysV only: ignored on systemd (with a warning), as in Ansible.' },
      runlevel: { type: 'string', description: 'OpenRC only: ignored on systemd (with a warning), as in Ansible.' },
    },
  },
  async plan(ctx, p) {
    const mgr = p.use === 'auto' ? ctx.vars.ansible_service_mgr : p.use;
    if (mgr !== undefined && mgr !== 'systemd') {
      throw new ModuleFailure(`service: only systemd hosts are supported (ansible_service_mgr is ${String(mgr)})`, {}, { hint: 'runbook drives services through systemd; use command for init scripts' });
    }
    for (const k of SYSV_ONLY) if (p[k] !== undefined) ctx.warn(`Ignoring "${k}" as it is not used in "systemd"`);
    return planSystemd(ctx, { name: p.name, state: p.state, enabled: p.enabled, scope: 'system', daemon_reload: false, daemon_reexec: false, no_block: false }, 'service');
  },
});

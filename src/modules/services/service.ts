// service: Ansible's generic service module. On systemd hosts it is the systemd module (the SysV-only
// arguments dropped with a warning, as Ansible does); on hosts without systemd it drives OpenRC
// (rc-service, rc-update) or SysV init scripts (/etc/init.d, update-rc.d or chkconfig); anything else is
// refused with what was found. Without gathered facts the manager is detected in the same round trip
// that reads the service.

import { ModuleFailure } from '../../engine/errors.js';
import { planSystemd } from './systemd.js';
import { unitStateFact } from './systemd-state.js';
import { initServiceFact } from './init-state.js';
import { planInitService } from './init-plan.js';
import { defineModule } from '../../engine/module-api/module.js';

const SYSV_ONLY = ['sleep', 'pattern', 'arguments', 'runlevel'] as const;
const MANAGERS = ['systemd', 'sysvinit', 'openrc'];

export const service = defineModule({
  name: 'service',
  summary: 'Start, stop, restart, reload or enable a service: systemd, OpenRC or SysV init scripts.',
  aliases: { args: 'arguments', 'daemon-reload': 'daemon_reload' },
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      name: { type: 'string', description: 'Service name (required unless daemon_reload alone).' },
      daemon_reload: { type: 'boolean', default: false, description: "systemd only: daemon-reload first, as Ansible's service hands it to the systemd module (refused on other managers)." },
      state: { enum: ['started', 'stopped', 'restarted', 'reloaded'], description: 'started/stopped: only when not already. restarted/reloaded: always.' },
      enabled: { type: 'boolean', description: 'Start the service at boot.' },
      use: { enum: ['auto', 'service', 'systemd', 'sysvinit', 'openrc'], default: 'auto', description: 'Service manager; auto: ansible_service_mgr when facts were gathered, else detected on the host. service (Ansible\'s generic service module): always detected on the host.' },
      sleep: { type: 'integer', description: 'SysV: seconds between stop and start of a restart. Ignored on systemd (with a warning).' },
      pattern: { type: 'string', description: 'SysV/OpenRC: whether the service runs is a process matching this (pgrep -f), not its status action.' },
      arguments: { type: 'string', description: 'SysV/OpenRC: more words for the init script / rc-service.' },
      runlevel: { type: 'string', default: 'default', description: 'OpenRC: the runlevel enabled adds the service to.' },
    },
  },
  async plan(ctx, p) {
    // `use: service` names Ansible's generic module, which looks at the host itself rather than the facts.
    const fromFacts = p.use === 'auto' ? ctx.vars.ansible_service_mgr : p.use === 'service' ? undefined : p.use;
    if (fromFacts !== undefined && !MANAGERS.includes(String(fromFacts))) {
      throw new ModuleFailure(`service: ${String(fromFacts)} is not supported (ansible_service_mgr)`, {}, { hint: 'runbook drives systemd, OpenRC and SysV init scripts; use command for another service manager' });
    }
    if (p.state === undefined && p.enabled === undefined && !p.daemon_reload) throw new ModuleFailure('service: one of the following is required: state, enabled');
    if (p.name === undefined && (p.state !== undefined || p.enabled !== undefined || !p.daemon_reload)) throw new ModuleFailure('service: missing required arguments: name');
    const notSystemd = () => new ModuleFailure('Unsupported parameters for (service) module: daemon_reload', {}, { hint: 'daemon_reload is systemd\'s; guard the task with when: ansible_service_mgr == "systemd"' });
    const systemd = () => {
      for (const k of SYSV_ONLY) if (p[k] !== undefined && !(k === 'runlevel' && p[k] === 'default')) ctx.warn(`Ignoring "${k}" as it is not used in "systemd"`);
      return planSystemd(ctx, { name: p.name, state: p.state, enabled: p.enabled, scope: 'system', daemon_reload: p.daemon_reload, daemon_reexec: false, no_block: false }, 'service');
    };
    if (fromFacts === 'systemd') return systemd();
    if (p.name === undefined) {
      // daemon_reload alone: nothing to detect by name; systemctl says so on a host without systemd.
      if (fromFacts !== undefined) throw notSystemd();
      return systemd();
    }
    // Unknown or not systemd: one batch reads which manager runs and the service under it (and, in case
    // it is systemd, the unit, so the systemd plan that follows reads nothing more).
    const init = initServiceFact(p.name, p.pattern, p.runlevel);
    const unit = unitStateFact({ name: p.name, reload: false, reexec: false, flags: { scope: 'system' } });
    const [s] = fromFacts === undefined ? await ctx.facts(init, unit) : await ctx.facts(init);
    if (s.manager === 'systemd') return systemd();
    if (p.daemon_reload) throw notSystemd();
    if (s.manager === 'unknown') {
      throw new ModuleFailure(`service: no service manager found for ${p.name}: not systemd, no OpenRC, no /etc/init.d/${p.name}`, {}, { hint: 'install the init script, or manage the daemon with command/shell' });
    }
    if (fromFacts !== undefined && (fromFacts === 'openrc') !== (s.manager === 'openrc')) ctx.warn(`ansible_service_mgr is ${String(fromFacts)}, the host runs ${s.manager}: using ${s.manager}`);
    return planInitService({ name: p.name, state: p.state, enabled: p.enabled, sleep: p.sleep, arguments: p.arguments, runlevel: p.runlevel }, s);
  },
});

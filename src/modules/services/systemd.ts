// systemd: mask, enable and start/stop/restart/reload a unit, and daemon-reload/reexec, as Ansible's
// systemd (systemd_service) module. The unit's whole state is read in one round trip; a requested
// daemon-reload runs in that same command before the read (never in check mode) and, as in Ansible, is not
// reported as a change. `service` is the same module under Ansible's generic name (systemd hosts only).

import { ModuleFailure } from '../../engine/errors.js';
import { planUnit, type UnitWanted } from './systemd-plan.js';
import { systemctlArgv, unitStateFact, type SystemctlFlags } from './systemd-state.js';
import { defineModule, type ModuleContext, type Plan } from '../../engine/module-api/module.js';

const unitParams = {
  name: { type: 'string', description: 'Unit name (`nginx`, `docker.socket`); `.service` is implied. Globs are not supported.' },
  state: {
    enum: ['started', 'stopped', 'restarted', 'reloaded'],
    description: 'started/stopped: only when not already. restarted/reloaded: always (an inactive unit is started).',
  },
  enabled: { type: 'boolean', description: 'Start the unit at boot (enable) or not (disable).' },
} as const;

export const systemd = defineModule({
  name: 'systemd',
  summary: 'Manage a systemd unit: masked, enabled, started/stopped/restarted/reloaded; daemon-reload.',
  aliases: { service: 'name', unit: 'name', 'daemon-reload': 'daemon_reload', 'daemon-reexec': 'daemon_reexec' },
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      ...unitParams,
      masked: { type: 'boolean', description: 'Mask the unit (it cannot be started) or unmask it. Applied before enabled and state.' },
      daemon_reload: { type: 'boolean', default: false, description: 'Run daemon-reload before anything else (after writing unit files). Not a change, as in Ansible.' },
      daemon_reexec: { type: 'boolean', default: false, description: 'Run daemon-reexec before anything else. Not a change, as in Ansible.' },
      scope: { enum: ['system', 'user', 'global'], default: 'system', description: "system: the system manager. user: the connecting (or become) user's manager. global: every user's." },
      no_block: { type: 'boolean', default: false, description: 'Do not wait for start/stop jobs to finish (systemctl --no-block).' },
      force: { type: 'boolean', description: 'Override existing symlinks when enabling (systemctl --force).' },
    },
  },
  plan: (ctx, p) => planSystemd(ctx, p, 'systemd'),
});

export interface SystemdParams extends UnitWanted {
  daemon_reload: boolean;
  daemon_reexec: boolean;
  no_block: boolean;
  force?: boolean;
}

export async function planSystemd(ctx: ModuleContext, p: SystemdParams, module: string): Promise<Plan> {
  if (p.state === undefined && p.enabled === undefined && p.masked === undefined && !p.daemon_reload && !p.daemon_reexec) {
    throw new ModuleFailure(`${module}: one of the following is required: state, enabled, masked, daemon_reload, daemon_reexec`);
  }
  if (p.name === undefined && (p.state !== undefined || p.enabled !== undefined || p.masked !== undefined)) {
    throw new ModuleFailure(`${module}: name is required with state, enabled or masked`);
  }
  if (p.name !== undefined && /[*?[]/.test(p.name)) {
    throw new ModuleFailure(`This module does not currently support using glob patterns, found '${p.name.match(/[*?[]/)![0]}' in service name: ${p.name}`);
  }
  const flags: SystemctlFlags = { scope: p.scope, force: p.force };
  const [state] = await ctx.facts(unitStateFact({ name: p.name, reload: p.daemon_reload && !ctx.check, reexec: p.daemon_reexec && !ctx.check, flags }));
  const plan = planUnit(p, state, [...systemctlArgv(flags), ...(p.no_block ? ['--no-block'] : [])]);
  return { changes: plan.changes, data: plan.data, reason: plan.changes.length ? undefined : plan.reason };
}

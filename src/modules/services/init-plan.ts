// service on OpenRC and SysV init hosts, as Ansible's service module drives them: started/stopped only
// when the service is not already so, restarted/reloaded always, enabled through rc-update (OpenRC) or
// update-rc.d / chkconfig (SysV). Pure: the host's state in, command changes out.

import { ModuleFailure } from '../../engine/errors.js';
import { argv } from '../../engine/quote.js';
import type { Change, Plan } from '../../engine/module-api/module.js';
import type { InitService } from './init-state.js';

export interface InitWanted {
  name: string;
  state?: 'started' | 'stopped' | 'restarted' | 'reloaded';
  enabled?: boolean;
  /** SysV restart: seconds between stop and start. */
  sleep?: number;
  /** Extra words for the init script / rc-service. */
  arguments?: string;
  runlevel: string;
}

export function planInitService(w: InitWanted, s: InitService): Plan {
  if (!s.exists) throw new ModuleFailure(`Could not find the requested service ${w.name}: host`, {}, { hint: s.manager === 'openrc' ? `no OpenRC service ${w.name} (rc-service -l lists them)` : `no /etc/init.d/${w.name}` });
  const extra = (w.arguments ?? '').split(/\s+/).filter(Boolean);
  const act = (action: string) => (s.manager === 'openrc' ? argv(['rc-service', w.name, action, ...extra]) : argv([`/etc/init.d/${w.name}`, action, ...extra]));
  const changes: Change[] = [];
  const header = `service ${w.name} (${s.manager})`;
  const diff = (key: string, before: string, after: string) => ({ header, before: `${key}: ${before}\n`, after: `${key}: ${after}\n` });
  if (w.enabled !== undefined && w.enabled !== s.enabled) {
    let run: string;
    if (s.manager === 'openrc') run = argv(['rc-update', w.enabled ? 'add' : 'del', w.name, w.runlevel]);
    else if (s.enabler === 'update-rc.d') run = w.enabled ? `${argv(['update-rc.d', w.name, 'defaults'])} >/dev/null && ${argv(['update-rc.d', w.name, 'enable'])}` : argv(['update-rc.d', w.name, 'disable']);
    else if (s.enabler === 'chkconfig') run = argv(['chkconfig', w.name, w.enabled ? 'on' : 'off']);
    else throw new ModuleFailure(`cannot ${w.enabled ? 'enable' : 'disable'} ${w.name}: neither update-rc.d nor chkconfig is installed`);
    changes.push({ summary: `${w.enabled ? 'enable' : 'disable'} ${w.name}`, diff: diff('enabled', String(s.enabled), String(w.enabled)), run, failure: `Unable to ${w.enabled ? 'enable' : 'disable'} service ${w.name}` });
  }
  const running = s.running ? 'running' : 'stopped';
  if (w.state === 'started' && !s.running) changes.push({ summary: `start ${w.name}`, diff: diff('state', running, 'running'), run: act('start'), failure: `Unable to start service ${w.name}` });
  if (w.state === 'stopped' && s.running) changes.push({ summary: `stop ${w.name}`, diff: diff('state', running, 'stopped'), run: act('stop'), failure: `Unable to stop service ${w.name}` });
  if (w.state === 'restarted') {
    const run = w.sleep && s.manager === 'sysv' ? `${act('stop')}; sleep ${Math.trunc(w.sleep)}; ${act('start')}` : act('restart');
    changes.push({ summary: `restart ${w.name}`, run, failure: `Unable to restart service ${w.name}` });
  }
  if (w.state === 'reloaded') changes.push({ summary: `reload ${w.name}`, run: act('reload'), failure: `Unable to reload service ${w.name}` });
  const data = { name: w.name, state: w.state === 'stopped' ? 'stopped' : w.state ? 'started' : running, enabled: w.enabled ?? s.enabled, status: { manager: s.manager, running: s.running, enabled: s.enabled } };
  return changes.length ? { changes, data } : { changes, data, reason: `${w.name} is ${running}${w.enabled !== undefined ? `, ${s.enabled ? 'enabled' : 'disabled'}` : ''} (${s.manager})` };
}

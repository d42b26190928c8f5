// What the systemd module must do, as a pure function of the asked state and the unit's state, in
// Ansible's order and with its rules (lib/ansible/modules/systemd_service.py): mask/unmask first, then
// enable/disable, then the run state; `started` on an active unit does nothing; `restarted`/`reloaded`
// always act (and start an inactive unit); `is-enabled` exit 0 counts as enabled except a lone
// `indirect`/`alias`; daemon-reload/reexec are not changes (Ansible reports them as `ok`).

import { MissingOnHost, ModuleFailure } from '../../engine/errors.js';
import type { CommandChange } from '../../engine/module-api/module.js';
import { argv } from '../../engine/quote.js';
import type { UnitState } from './systemd-state.js';

export type RunState = 'started' | 'stopped' | 'restarted' | 'reloaded';

export interface UnitWanted {
  name?: string;
  state?: RunState;
  enabled?: boolean;
  masked?: boolean;
  scope: 'system' | 'user' | 'global';
}

export type Verb = 'mask' | 'unmask' | 'enable' | 'disable' | 'start' | 'stop' | 'restart' | 'reload';

export interface UnitPlan {
  /** `systemctl VERB -- NAME` lines in Ansible's order, each with the attribute it changes as its diff. */
  changes: CommandChange[];
  /** Ansible's result keys: name, status, enabled, state. */
  data: Record<string, unknown>;
  /** Why nothing changes. */
  reason: string;
}

const ENABLED_WORDS = new Set(['enabled', 'enabled-runtime', 'linked', 'linked-runtime', 'masked', 'masked-runtime', 'static', 'indirect', 'disabled', 'generated', 'transient']);

const running = (active: string | undefined) => active === 'active' || active === 'activating';

function missing(name: string): ModuleFailure {
  return new MissingOnHost(`Could not find the requested service ${name}: host`, {}, { hint: 'is the unit file installed (and daemon_reload done after writing it)?' });
}

/** `systemctl` is the command line up to the verb (scope flags, --no-block). */
export function planUnit(w: UnitWanted, s: UnitState, systemctl: readonly string[]): UnitPlan {
  if (s.reload && s.reload.code !== 0) throw new ModuleFailure(`failure ${s.reload.code} during daemon-reload: ${s.reload.stderr}`);
  if (s.reexec && s.reexec.code !== 0) throw new ModuleFailure(`failure ${s.reexec.code} during daemon-reexec: ${s.reexec.stderr}`);
  const name = w.name;
  if (name === undefined || !s.unit) {
    const did = [s.reload && 'daemon-reload', s.reexec && 'daemon-reexec'].filter(Boolean).join(' and ');
    return { changes: [], data: { name: null, status: {} }, reason: did ? `${did} done` : 'nothing asked' };
  }
  const u = s.unit;
  const ignored = (t: string) => !t.includes('=') && /ignoring (request|command)/.test(t);
  const showOk = u.showCode === 0 && !ignored(u.showErr) && Object.keys(u.status).length > 0;
  const status = showOk ? u.status : {};
  const isSystemd = showOk ? status.LoadState !== undefined && status.LoadState !== 'not-found' : ENABLED_WORDS.has(u.enabledOut.trim());
  const isMasked = status.LoadState === 'masked';
  if (isSystemd && !isMasked && status.LoadError) throw new ModuleFailure(`Error loading unit file '${name}': ${status.LoadError}`, { status });
  const found = isSystemd || u.initd;
  const data: Record<string, unknown> = { name, status };
  const changes: CommandChange[] = [];
  const act = (verb: Verb, field: 'masked' | 'enabled' | 'state', before: string, after: string) =>
    changes.push({
      summary: `${verb} ${name}`,
      run: argv([...systemctl, verb, '--', name]),
      failure: `Unable to ${verb} service ${name}`,
      diff: { header: `unit ${name}`, before: `${field}: ${before}\n`, after: `${field}: ${after}\n` },
    });
  const notes: string[] = [];

  if (w.masked !== undefined) {
    const masked = u.enabledOut.trim() === 'masked';
    if (masked !== w.masked) act(w.masked ? 'mask' : 'unmask', 'masked', String(masked), String(w.masked));
    else notes.push(masked ? 'masked' : 'not masked');
  }
  if (w.enabled !== undefined) {
    if (!found) throw missing(name);
    const lines = u.enabledOut.split('\n').map((l) => l.trim()).filter(Boolean);
    let enabled = u.enabledCode === 0 && !(lines.length === 1 && (lines[0] === 'indirect' || lines[0] === 'alias'));
    // A unit that only exists as an init script: enabled when linked into a runlevel (not `disabled`).
    if (u.enabledCode === 1 && w.scope === 'system' && u.initd && !u.enabledOut.trim().endsWith('disabled') && u.sysvEnabled) enabled = true;
    data.enabled = w.enabled;
    if (enabled !== w.enabled) act(w.enabled ? 'enable' : 'disable', 'enabled', String(enabled), String(w.enabled));
    else notes.push(enabled ? 'enabled' : 'not enabled');
  }
  if (w.state !== undefined) {
    if (!found) throw missing(name);
    if (!showOk || status.ActiveState === undefined) {
      throw new ModuleFailure('Service is in unknown state', { status }, { hint: u.showErr || 'systemctl show gave no ActiveState: is systemd running on this host?' });
    }
    const active = status.ActiveState;
    const isRunning = running(active);
    let verb: Verb | undefined;
    data.state = w.state === 'stopped' ? 'stopped' : 'started';
    if (w.state === 'started') verb = isRunning ? undefined : 'start';
    else if (w.state === 'stopped') verb = isRunning || active === 'deactivating' ? 'stop' : undefined;
    else verb = isRunning ? (w.state === 'restarted' ? 'restart' : 'reload') : 'start';
    if (verb) act(verb, 'state', active, verb === 'stop' ? 'inactive' : 'active');
    else notes.push(active);
  }
  return { changes, data, reason: `${name} is ${notes.join(', ') || 'as asked'}` };
}

// reboot: reboot the host and wait until it is back, as Ansible's reboot action: record which boot this
// is, issue `shutdown -r`, then reconnect (with backoff, bounded by reboot_timeout) until the boot identity
// changed, then until test_command succeeds. Check mode reports the reboot as a change and does nothing.
// Refuses to reboot the machine runbook itself runs on.

import { ModuleFailure, TimeoutError, UnreachableError } from '../../engine/errors.js';
import type { Connection } from '../../engine/connection/types.js';
import { argv } from '../../engine/quote.js';
import { BOOT_IDENTITY_COMMAND, bootIdentityFact, controllerIdentity, normalize } from './boot-identity.js';
import { realClock, retryUntil, RetryTimeout, type RetryClock } from './retry-until.js';
import { defineModule, type ModuleContext, type ResultData } from '../../engine/module-api/module.js';

export interface RebootParams {
  reboot_timeout: number;
  connect_timeout?: number;
  pre_reboot_delay: number;
  post_reboot_delay: number;
  test_command: string;
  msg: string;
  reboot_command?: string;
  boot_time_command: string;
}

export const reboot = defineModule({
  name: 'reboot',
  summary: 'Reboot the host, wait until it is back and answers test_command.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      reboot_timeout: { type: 'integer', minimum: 1, default: 600, description: 'Seconds to wait for the host to come back (boot identity changed, then test_command succeeding), each.' },
      connect_timeout: { type: 'integer', minimum: 1, description: 'Seconds one reconnection attempt may take while waiting; default 10.' },
      pre_reboot_delay: { type: 'integer', default: 0, description: 'Seconds before rebooting, given to shutdown in whole minutes as Ansible does (under 60: now). Ignored with reboot_command.' },
      post_reboot_delay: { type: 'integer', default: 0, description: 'Seconds to wait after issuing the reboot before checking that the host is back.' },
      test_command: { type: 'string', default: 'whoami', description: 'Command that must succeed on the rebooted host before the task is done.' },
      msg: { type: 'string', default: 'Reboot initiated by Ansible', description: 'Message shutdown broadcasts to logged-in users.' },
      reboot_command: { type: 'string', description: 'Shell command that reboots the host, instead of `shutdown -r <delay> <msg>`.' },
      boot_time_command: {
        type: 'string',
        default: BOOT_IDENTITY_COMMAND,
        description: 'Command whose output changes on every boot; default: the kernel boot_id and the start time of PID 1 (so container-like hosts count too).',
      },
    },
  },
  async plan(ctx, p) {
    const [before] = await ctx.facts(bootIdentityFact(p.boot_time_command));
    const mine = controllerIdentity();
    if (mine !== undefined && p.boot_time_command === BOOT_IDENTITY_COMMAND && before === mine) {
      throw new ModuleFailure('Running reboot on this host would reboot the control node.', { rebooted: false, elapsed: 0 }, { hint: 'the host is the machine runbook runs on' });
    }
    return {
      changes: [{ summary: `reboot ${ctx.host}`, diff: { header: `host ${ctx.host}`, before: `boot: ${before}\n`, after: 'boot: (a new one)\n' }, apply: () => performReboot(ctx, p, before) }],
      data: { rebooted: true, elapsed: 0 },
    };
  },
});

/** The reboot command: Ansible's `shutdown -r <minutes> "<msg>"`, looked up in the sbin directories. */
export function rebootCommand(p: Pick<RebootParams, 'reboot_command' | 'pre_reboot_delay' | 'msg'>): string {
  if (p.reboot_command !== undefined) return p.reboot_command;
  const minutes = Math.floor(Math.max(0, p.pre_reboot_delay) / 60);
  const run = argv(['-r', minutes, p.msg]);
  return `for d in /sbin /usr/sbin /usr/local/sbin; do [ -x "$d/shutdown" ] && exec "$d/shutdown" ${run}; done; echo 'Unable to find command "shutdown" in system paths.' >&2; exit 127`;
}

export async function performReboot(ctx: ModuleContext, p: RebootParams, before: string, clock: RetryClock = realClock): Promise<ResultData> {
  const start = clock.now();
  const elapsed = () => Math.floor((clock.now() - start) / 1000);
  try {
    const r = await ctx.conn.exec(rebootCommand(p), { timeout: 30_000, signal: ctx.signal, ownChannel: true });
    if (r.code !== 0) {
      throw new ModuleFailure(`Reboot command failed. Error was ${r.stdout.trim()}, ${r.stderr.trim()}`, { rebooted: false, elapsed: elapsed(), rc: r.code });
    }
  } catch (e) {
    // The connection may die under the command as the host goes down: that is the reboot happening.
    if (!(e instanceof UnreachableError) && !(e instanceof TimeoutError)) throw e;
  }
  if (p.post_reboot_delay > 0) await clock.sleep(p.post_reboot_delay * 1000, ctx.signal);

  const deadline = () => clock.now() + p.reboot_timeout * 1000;
  const attemptTimeout = (p.connect_timeout ?? 10) * 1000 + 5000;
  const common = { attemptTimeout, timeoutSeconds: p.reboot_timeout, clock, signal: ctx.signal };
  let conn: Connection | undefined;
  // A fresh connection for every attempt: the old one may hang on a host that vanished mid-packet.
  const fresh = async () => (conn = await ctx.reconnect());
  try {
    await retryUntil(async () => {
      const c = await fresh();
      const r = await c.exec(p.boot_time_command, { timeout: attemptTimeout, ownChannel: true });
      const now = normalize(r.stdout);
      if (r.code !== 0 || now === '' || now === before) throw new Error('boot time has not changed');
    }, { ...common, deadline: deadline(), what: 'last boot time check' });
    let first = true;
    await retryUntil(async () => {
      const c = first ? conn! : await fresh();
      first = false;
      const r = await c.exec(p.test_command, { timeout: attemptTimeout, ownChannel: true });
      if (r.code !== 0) throw new Error(`Test command failed: ${r.stderr.trim()} ${r.stdout.trim()}`);
    }, { ...common, deadline: deadline(), what: 'post-reboot test command' });
  } catch (e) {
    if (e instanceof RetryTimeout) throw new ModuleFailure(e.message, { rebooted: true, elapsed: elapsed() });
    throw e;
  }
  return { rebooted: true, elapsed: elapsed() };
}

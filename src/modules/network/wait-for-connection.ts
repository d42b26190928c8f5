// wait_for_connection: wait until the host answers, as Ansible's (after a reboot, or for a host still
// coming up). The host's connection is opened and a command run on it, retried every `sleep` seconds until
// `timeout`; nothing on the host changes.

import { ModuleFailure } from '../../engine/errors.js';
import { defineModule } from '../../engine/module-api/module.js';

export const waitForConnection = defineModule({
  name: 'wait_for_connection',
  summary: 'Wait until the host can be reached and runs a command; changes nothing.',
  prefetch: false,
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      timeout: { type: 'integer', minimum: 0, default: 600, description: 'Seconds to wait at most.' },
      delay: { type: 'integer', minimum: 0, default: 0, description: 'Seconds to wait before the first try.' },
      sleep: { type: 'integer', minimum: 1, default: 1, description: 'Seconds between tries.' },
      connect_timeout: { type: 'integer', minimum: 1, default: 5, description: 'Accepted for compatibility: the connection\'s own timeout applies to each try.' },
    },
  },
  async plan(ctx, p) {
    const started = Date.now();
    const pause = (s: number) => new Promise<void>((resolve) => setTimeout(resolve, s * 1000));
    if (p.delay > 0) await pause(p.delay);
    let conn = ctx.conn;
    // Bounded: at most timeout/sleep + 1 tries.
    for (let attempt = 0; attempt <= Math.ceil(p.timeout / p.sleep); attempt++) {
      if (ctx.signal.aborted) break;
      try {
        const r = await conn.exec('true');
        if (r.code === 0) return { changes: [], data: { elapsed: Math.round((Date.now() - started) / 1000) } };
      } catch {
        conn = await ctx.reconnect().catch(() => conn);
      }
      if ((Date.now() - started) / 1000 >= p.timeout) break;
      await pause(p.sleep);
    }
    throw new ModuleFailure(`timed out waiting for the connection after ${p.timeout} seconds`, { elapsed: Math.round((Date.now() - started) / 1000) });
  },
});

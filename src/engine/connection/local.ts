// The local transport: each command is `sh -c` on the controller, started with execa in its own process
// group, so stopping it (timeout, Ctrl-C) stops everything it started, not just the shell.

import { execa } from 'execa';
import type { RemoteProcess, Transport } from './types.js';
import { ShellConnection } from './shell-connection.js';

/** After SIGTERM (which lets the atomic-put script remove its temp file), give up waiting and SIGKILL. */
const KILL_GRACE_MS = 2000;

export class LocalTransport implements Transport {
  constructor(readonly host: string = 'localhost') {}

  async spawn(command: string): Promise<RemoteProcess> {
    const child = execa('sh', ['-c', command], {
      stdin: 'pipe',
      buffer: false,
      reject: false,
      stripFinalNewline: false,
      encoding: 'buffer',
      detached: true,
      cleanup: true,
    });
    const exit = child.then((r) => ({
      code: typeof r.exitCode === 'number' ? r.exitCode : null,
      signal: r.signal ? String(r.signal) : null,
    }));
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    return {
      stdin: child.stdin!,
      stdout: child.stdout!,
      stderr: child.stderr!,
      exit,
      kill: () => {
        killGroup('SIGTERM');
        const timer = setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
        timer.unref();
        void exit.finally(() => clearTimeout(timer));
      },
    };
  }

  async close(): Promise<void> {}
}

export function localConnection(host = 'localhost'): ShellConnection {
  return new ShellConnection(new LocalTransport(host));
}

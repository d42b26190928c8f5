// The local transport: each command is `sh -c` on the controller, started in its own process
// group, so stopping it (timeout, Ctrl-C) stops everything it started, not just the shell.
//
// A watcher ends the group when runbook itself dies (SIGKILL, a crash), which no handler of runbook can
// do: it waits on a pipe (fd 3) that only runbook holds. Runbook writes one line there when the command
// has ended, and the watcher leaves quietly (what the command started in the background on purpose keeps
// running, as before); if runbook is gone the pipe ends without that line and the watcher sends SIGTERM
// to the group (`kill -TERM -PGID`: dash, the usual sh, has no `kill --`). Its output goes to /dev/null, so
// it never holds the command's output open.

import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import type { RemoteProcess, Transport } from './types.js';
import { ShellConnection } from './shell-connection.js';

/** After SIGTERM (which lets the atomic-put script remove its temp file), give up waiting and SIGKILL. */
const KILL_GRACE_MS = 2000;

const WATCHED = `(IFS= read -r _ <&3 || kill -TERM -$$) </dev/null >/dev/null 2>&1 &
exec 3<&-
__runbook_command=$1; shift
eval "$__runbook_command"`;

export class LocalTransport implements Transport {
  constructor(readonly host: string = 'localhost') {}

  async spawn(command: string): Promise<RemoteProcess> {
    const child = spawn('sh', ['-c', WATCHED, 'sh', command], { stdio: ['pipe', 'pipe', 'pipe', 'pipe'], detached: true });
    const watcher = child.stdio[3] as Writable;
    watcher.on('error', () => {}); // the watcher is gone already (the group was stopped)
    // 'close' waits for every stdio stream, the watcher's pipe included: tell the watcher at 'exit'.
    child.once('exit', () => watcher.end('done\n'));
    const exit = new Promise<{ code: number | null; signal: string | null }>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => resolve({ code, signal }));
    });
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
        // then(f, f), not finally(): a rejected exit (spawn failed) must not become an unhandled rejection here.
        const clear = () => clearTimeout(timer);
        exit.then(clear, clear);
      },
    };
  }

  async close(): Promise<void> {}
}

export function localConnection(host = 'localhost'): ShellConnection {
  return new ShellConnection(new LocalTransport(host));
}

// The local transport: each command is `sh -c` on the controller, started with execa.

import { execa } from 'execa';
import type { RemoteProcess, Transport } from './types.js';
import { ShellConnection } from './shell-connection.js';

export class LocalTransport implements Transport {
  constructor(readonly host: string = 'localhost') {}

  async spawn(command: string): Promise<RemoteProcess> {
    const child = execa('sh', ['-c', command], {
      stdin: 'pipe',
      buffer: false,
      reject: false,
      stripFinalNewline: false,
      encoding: 'buffer',
    });
    const exit = child.then((r) => ({
      code: typeof r.exitCode === 'number' ? r.exitCode : null,
      signal: r.signal ? String(r.signal) : null,
    }));
    return {
      stdin: child.stdin!,
      stdout: child.stdout!,
      stderr: child.stderr!,
      exit,
      // SIGTERM first so the atomic-put script's trap removes its temp file; execa escalates to SIGKILL.
      kill: () => void child.kill('SIGTERM'),
    };
  }

  async close(): Promise<void> {}
}

export function localConnection(host = 'localhost'): ShellConnection {
  return new ShellConnection(new LocalTransport(host));
}

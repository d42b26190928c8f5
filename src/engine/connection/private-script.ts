// Commands of a `no_log` task travel on stdin, not in argv. A command line is visible to every user of the
// host in `ps` (as sshd's `sh -c …`, as sudo's arguments), and so is `env K=V`. Here the command line is a
// fixed bootstrap; the script (with the environment as `export`s) follows on stdin behind its length, and
// the command's own stdin after it. What still shows: the programs the script starts, with their arguments.

import { quote } from '../quote.js';
import type { ExecOptions } from './types.js';

// `read` takes the length line byte by byte (a shell never reads past a newline on a pipe); dd bs=1 takes
// exactly the script, leaving the rest of stdin to the script's commands. `echo .` keeps trailing newlines.
const BOOTSTRAP = `sh -c ${quote('IFS= read -r n || exit 125; s=$(dd bs=1 count="$n" 2>/dev/null; echo .); eval "${s%.}"')}`;

/** `K='v'; export K; ...` — the environment as statements of the script (never arguments of `env`). */
export function envExports(env: Record<string, string> | undefined): string {
  return Object.entries(env ?? {})
    .map(([k, v]) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new Error(`invalid environment variable name: ${JSON.stringify(k)}`);
      return `${k}=${quote(v)}; export ${k}; `;
    })
    .join('');
}

/** A command's stdin (ExecOptions.stdin) as the chunks to write, in order. */
export function stdinChunks(stdin: ExecOptions['stdin']): readonly (string | Buffer)[] {
  return stdin === undefined ? [] : Array.isArray(stdin) ? stdin : [stdin as string | Buffer];
}

/** The bootstrap command line and the stdin that carries `script` and then `stdin`. */
export function privateScript(script: string, stdin: ExecOptions['stdin']): { command: string; stdin: Buffer[] } {
  const body = Buffer.from(script);
  return { command: BOOTSTRAP, stdin: [Buffer.from(`${body.length}\n`), body, ...stdinChunks(stdin).map((c) => Buffer.from(c))] };
}

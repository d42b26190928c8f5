// The last line of defence for vault secrets: everything this process writes to stdout and stderr (the
// reporters, warnings, error messages, --list-* output) passes through maskText once a command that loads
// vaulted data has started. Reporters also mask each event before formatting it (a line the live view
// truncates could otherwise cut a secret in two), so this catches what was never an event.

import { hasSecrets, maskText } from '../engine/vault/mask.js';

let installed = false;

type Write = typeof process.stdout.write;

function masked(stream: NodeJS.WriteStream): void {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (!hasSecrets() || (typeof chunk !== 'string' && !Buffer.isBuffer(chunk))) return write(chunk, ...rest);
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    // The encoding argument (if any) described a string chunk; the masked text is written as UTF-8.
    const args = typeof rest[0] === 'string' ? rest.slice(1) : rest;
    return write(maskText(text), 'utf8', ...args);
  }) as Write;
}

export function maskProcessOutput(): void {
  if (installed) return;
  installed = true;
  masked(process.stdout);
  masked(process.stderr);
}

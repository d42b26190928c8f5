// -K / --ask-become-pass: the sudo password, asked once on the terminal (never echoed, never in argv or
// the environment), then used for every host that has `become` but no become_password of its own.

import { openSync, closeSync } from 'node:fs';
import { ReadStream, WriteStream } from 'node:tty';
import { InvalidInputError, InterruptedError, type Problem } from '../engine/errors.js';
import type { Inventory } from '../engine/inventory/types.js';

/** What a keystroke does to the password typed so far: its new value, or done / cancelled. */
export function typed(so_far: string, chunk: string): { value: string; done?: boolean; cancelled?: boolean } {
  let value = so_far;
  for (const ch of chunk) {
    if (ch === '\r' || ch === '\n' || ch === '\u0004') return { value, done: true };
    if (ch === '\u0003') return { value: '', cancelled: true };
    if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
    else if (ch === '\u0015') value = ''; // Ctrl-U: start over
    else if (ch >= ' ') value += ch;
  }
  return { value };
}

const NO_TERMINAL: Problem = { message: '--ask-become-pass needs a terminal to ask on', hint: 'set become_password in the inventory (from a variable) instead' };

/** Ask on /dev/tty (stdin may be a pipe); fails with `noTerminal` when there is no terminal. */
export function askPassword(prompt: string, noTerminal: Problem = NO_TERMINAL): Promise<string> {
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r+');
  } catch {
    return Promise.reject(new InvalidInputError([noTerminal]));
  }
  const input = new ReadStream(fd);
  const output = new WriteStream(fd);
  return new Promise((resolve, reject) => {
    let value = '';
    const end = (fn: () => void) => {
      input.setRawMode(false);
      input.off('data', onData);
      output.write('\n');
      input.destroy();
      try {
        closeSync(fd);
      } catch {
        // the streams closed it
      }
      fn();
    };
    const onData = (b: Buffer) => {
      const r = typed(value, b.toString('utf8'));
      value = r.value;
      if (r.cancelled) end(() => reject(new InterruptedError('interrupted at the password prompt')));
      else if (r.done) end(() => resolve(value));
    };
    // Echo off before the prompt shows: whatever is typed once the prompt is visible is never echoed.
    input.setRawMode(true);
    input.on('data', onData);
    output.write(prompt);
  });
}

/**
 * Every host without its own become_password gets this one. Escaped for the template engine: the
 * password is a literal, whatever characters it has.
 */
export function useBecomePassword(inventory: Inventory, password: string): void {
  const literal = password.replace(/\{\{/g, '\\{{');
  const hosts = [...inventory.hosts.values()];
  const local = inventory.host('localhost');
  if (local && !hosts.includes(local)) hosts.push(local);
  for (const h of hosts) if (h.connection.become_password === undefined) h.connection.become_password = literal;
}

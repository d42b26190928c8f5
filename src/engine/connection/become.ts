// Become as a pure transformation of a command line, as in Ansible's become plugins. The sudo prompt is
// random per command so that a prompt can be told apart from anything the command prints; a marker printed
// after sudo let us in tells success from failure without guessing.

import { randomBytes } from 'node:crypto';
import { quote, shC } from '../quote.js';
import type { BecomeSpec } from './types.js';

export interface BecomeWrapped {
  command: string;
  /** Printed on stderr by sudo when it wants the password (only with a password). */
  prompt?: string;
  /** Printed on stdout by the wrapped shell once privileges were gained; stripped from the output. */
  marker: string;
}

export function wrapBecome(command: string, spec: BecomeSpec): BecomeWrapped {
  const nonce = randomBytes(8).toString('hex');
  const marker = `RUNBOOK-BECOME-SUCCESS-${nonce}`;
  const user = spec.user ?? 'root';
  const inner = shC(`printf '%s\\n' ${marker}; ${command}`);
  if (spec.password === undefined) {
    return { command: `sudo -H -n -u ${quote(user)} -- ${inner}`, marker };
  }
  const prompt = `[runbook-sudo-${nonce}] password:`;
  return { command: `sudo -H -S -p ${quote(prompt)} -u ${quote(user)} -- ${inner}`, prompt, marker };
}

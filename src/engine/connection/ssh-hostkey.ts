// Host key checking for one SSH connection, as ssh's StrictHostKeyChecking does it: accept-new records an
// unknown key, strict refuses it, off skips the check; a key that differs from the recorded one is refused
// in every mode but off. The check runs during key exchange, before authentication: a refused host never
// gets to run anything.

import { HostKeyMismatchError, UnreachableError } from '../errors.js';
import type { HostKeyChecking } from '../inventory/types.js';
import {
  appendKnownHost,
  checkHostKey,
  fingerprint,
  formatKnownHostsLine,
  keyTypeOf,
  knownKeyTypes,
  readKnownHosts,
} from './known-hosts.js';

export interface HostKeyPolicy {
  mode: HostKeyChecking;
  /** known_hosts file to read and (accept-new) append to. */
  file: string;
  /** Name to look up: `host` or `[host]:port` (see knownHostsName). */
  name: string;
  /** Inventory name, for messages. */
  host: string;
}

// ssh2's own default order; we only move the types already recorded for a host to the front, as ssh does,
// so that a host with an ed25519 and an ecdsa key is checked against the key we know.
const DEFAULT_ORDER = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];
const ALGOS_FOR_TYPE: Record<string, string[]> = { 'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] };

export class HostKeyCheck {
  /** Why the key was refused; the connect error is replaced by this. */
  problem: UnreachableError | undefined;
  /** Set when accept-new wrote a new line. */
  recorded = false;
  /** With host_key_checking off, a key that differs from the recorded one is accepted, but said out loud. */
  warning: string | undefined;

  constructor(private readonly policy: HostKeyPolicy) {}

  /** `algorithms.serverHostKey` for ssh2: known key types first. */
  serverHostKeyOrder(): string[] {
    if (this.policy.mode === 'off') return DEFAULT_ORDER;
    const known = knownKeyTypes(readKnownHosts(this.policy.file), this.policy.name).flatMap((t) => ALGOS_FOR_TYPE[t] ?? [t]);
    return [...new Set([...known.filter((a) => DEFAULT_ORDER.includes(a)), ...DEFAULT_ORDER])];
  }

  /** ssh2 `hostVerifier` (raw key blob). Synchronous: the file is small and the append is one write. */
  verify = (blob: Buffer): boolean => {
    const { mode, file, name, host } = this.policy;
    let known;
    try {
      known = readKnownHosts(file);
    } catch (e) {
      if (mode === 'off') return true; // off checks nothing; an unreadable file is not its business
      throw e;
    }
    const result = checkHostKey(known, name, blob);
    const type = keyTypeOf(blob);
    const offered = `${type} ${fingerprint(blob)}`;
    if (mode === 'off') {
      const differs = result.status === 'changed' || result.status === 'revoked' || (result.status === 'unknown' && result.otherTypes.length > 0);
      if (differs) {
        this.warning = `host key of ${host} (${name}) differs from the one in ${file} (it offered ${offered}); accepted because host_key_checking is off — someone may be intercepting the connection`;
      }
      return true;
    }
    switch (result.status) {
      case 'known':
        return true;
      case 'revoked':
        this.problem = new HostKeyMismatchError(
          `host key of ${host} (${name}) is marked @revoked in ${file} line ${result.entry.line}: refused, nothing was run`,
          undefined,
          'the host presents a key that was revoked; rebuild its keys before connecting',
        );
        return false;
      case 'changed':
        this.problem = changedKey(host, name, file, result.entry.line, offered);
        return false;
      case 'unknown':
        if (result.otherTypes.length > 0) {
          // Keys of other types are recorded and the host no longer offers any of them: treat as changed.
          this.problem = changedKey(host, name, file, undefined, `${offered} (recorded: ${result.otherTypes.join(', ')})`);
          return false;
        }
        if (mode === 'strict') {
          this.problem = new UnreachableError(
            `host key of ${host} (${name}) is not in ${file} and host_key_checking is strict: refused (offered ${offered})`,
            undefined,
            `verify the fingerprint, then add it: ssh-keyscan ${name.replace(/^\[(.*)\]:(\d+)$/, '-p $2 $1')} >> ${file} (or use host_key_checking: accept-new)`,
          );
          return false;
        }
        try {
          appendKnownHost(file, formatKnownHostsLine(name, blob));
          this.recorded = true;
        } catch (e) {
          this.problem = new UnreachableError(`cannot record the host key of ${host} in ${file}: ${(e as Error).message}`, undefined, undefined, { cause: e });
          return false;
        }
        return true;
    }
  };
}

function changedKey(host: string, name: string, file: string, line: number | undefined, offered: string): HostKeyMismatchError {
  const where = line === undefined ? file : `${file} line ${line}`;
  return new HostKeyMismatchError(
    `REMOTE HOST KEY CHANGED for ${host} (${name}): it offered ${offered}, which differs from the key in ${where}. Refused: nothing was run on ${host}`,
    undefined,
    `if ${host} was rebuilt, remove ${line === undefined ? 'its entries' : `line ${line}`} from ${file} (ssh-keygen -R '${name}' -f ${file}) and run again; otherwise someone may be intercepting the connection`,
  );
}

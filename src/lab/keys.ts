// SSH key pairs for the lab (the controller's key, each host's host key), made by OpenSSH's own ssh-keygen.
// ssh2's generateKeyPairSync('ed25519') writes a key that neither it nor sshd can load about once in 200
// (mscdex/ssh2#1390): at 20 hosts that failed one lab in ten.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeyPair {
  private: string;
  /** One line, `ssh-ed25519 AAAA… comment`, without a newline. */
  public: string;
}

export function ed25519KeyPair(comment: string): KeyPair {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-lab-key-'));
  try {
    const file = join(dir, 'key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file], { stdio: 'ignore' });
    return { private: readFileSync(file, 'utf8'), public: readFileSync(`${file}.pub`, 'utf8').trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Which authentication methods to offer, in order: the key files (inventory `private_key`, then the ssh
// config's IdentityFile, else ssh's default ~/.ssh/id_*), the ssh-agent, then the password (as `password`
// and as `keyboard-interactive`, which is how many PAM-backed servers ask for it). Methods the server says
// it does not accept are skipped, and what was tried is kept for the error message.

import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import ssh2, { type AnyAuthMethod, type AuthHandlerMiddleware, type AuthenticationType } from 'ssh2';

// ssh2 is CommonJS: its `utils` and `Client` are reachable from Node's ESM only through the default export.
const { utils } = ssh2;

export interface AuthPlan {
  user: string;
  /** Key files; missing ones are an error only when `explicitKeys` (the user named them). */
  keyFiles: string[];
  explicitKeys: boolean;
  /** ssh-agent socket (SSH_AUTH_SOCK). */
  agent?: string;
  password?: string;
}

type Attempt = AnyAuthMethod;

export interface AuthHandler {
  handler: AuthHandlerMiddleware;
  /** Human description of each method offered so far, for "authentication failed (tried …)". */
  tried: string[];
  /** Key files that could not be used, with the reason. */
  skipped: string[];
}

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

/** Keys to try when neither the inventory nor the ssh config names one: those of ssh's defaults that exist. */
export function defaultKeyFiles(): string[] {
  return DEFAULT_KEYS.map((k) => `${homedir()}/.ssh/${k}`).filter((p) => existsSync(p));
}

export function makeAuthHandler(plan: AuthPlan): AuthHandler {
  const tried: string[] = [];
  const skipped: string[] = [];
  const queue: { method: string; label: string; attempt: Attempt }[] = [];
  const username = plan.user;

  for (const file of plan.keyFiles) {
    let text: Buffer;
    try {
      text = readFileSync(file);
    } catch (e) {
      if (plan.explicitKeys) skipped.push(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
      continue;
    }
    const parsed = utils.parseKey(text);
    if (parsed instanceof Error) {
      // An encrypted key needs a passphrase we do not ask for: load it into ssh-agent instead.
      skipped.push(`${file}: ${/passphrase|encrypted/i.test(parsed.message) ? 'encrypted (add it to ssh-agent)' : parsed.message}`);
      continue;
    }
    queue.push({ method: 'publickey', label: `publickey ${file}`, attempt: { type: 'publickey', username, key: text } });
  }
  if (plan.agent) queue.push({ method: 'publickey', label: 'ssh-agent', attempt: { type: 'agent', username, agent: plan.agent } });
  if (plan.password !== undefined) {
    const password = plan.password;
    queue.push({ method: 'password', label: 'password', attempt: { type: 'password', username, password } });
    queue.push({
      method: 'keyboard-interactive',
      label: 'keyboard-interactive',
      attempt: {
        type: 'keyboard-interactive',
        username,
        prompt: (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => password)),
      },
    });
  }

  const handler: AuthHandlerMiddleware = (methodsLeft, _partial, next) => {
    while (queue.length > 0) {
      const a = queue.shift()!;
      if (methodsLeft?.length && !methodsLeft.includes(a.method as AuthenticationType)) continue;
      tried.push(a.label);
      return next(a.attempt);
    }
    // ssh2 takes `false` as "no more methods" (its typings omit it).
    return next(false as unknown as AuthenticationType);
  };
  return { handler, tried, skipped };
}

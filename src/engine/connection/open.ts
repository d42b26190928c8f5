// Open the one connection a host gets for the whole run, from its inventory settings: local, or SSH with
// ~/.ssh/config aliases and ProxyJump hops resolved here. Every failure to connect is an UnreachableError
// (HostKeyMismatchError for a changed key) with a message that names the host and a hint.

import { homedir } from 'node:os';
import { InterruptedError, UnreachableError } from '../errors.js';
import type { HostConnection } from '../inventory/types.js';
import { localConnection } from './local.js';
import { ShellConnection } from './shell-connection.js';
import { SshTransport } from './ssh.js';
import { defaultKeyFiles } from './ssh-auth.js';
import { expandHome, loadSshConfig, resolveEndpoint, type SshEndpoint } from './ssh-config.js';
import type { BecomeSpec, Connection } from './types.js';

export interface OpenOptions {
  signal?: AbortSignal;
  /** ssh config file; default ~/.ssh/config. */
  sshConfigFile?: string;
  /** TCP_NODELAY (default true); false only for measurements. */
  noDelay?: boolean;
}

const DEFAULT_TIMEOUT_S = 10;

/**
 * SSH handshakes in progress at once, over all hosts. A handshake is the expensive part of a connection (key
 * exchange on both ends); hundreds at once only queue on the CPUs and time out. The `forks` bound limits
 * hosts at work, this one the handshakes among them; a host's timeout counts from its own handshake's start.
 */
export const HANDSHAKES_AT_ONCE = 16;
let handshaking = 0;
const waiting: (() => void)[] = [];

async function paced<T>(fn: () => Promise<T>): Promise<T> {
  if (handshaking >= HANDSHAKES_AT_ONCE) {
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  handshaking++;
  try {
    return await fn();
  } finally {
    handshaking--;
    waiting.shift()?.();
  }
}

export async function openConnection(name: string, settings: HostConnection, opts: OpenOptions = {}): Promise<Connection> {
  if (settings.connection === 'local') return localConnection(name);
  const transport = await openSshTransport(name, settings, opts);
  const warnings = transport.stats.hostKeyWarning ? [transport.stats.hostKeyWarning] : [];
  return new ShellConnection(transport, {}, { execs: 0, warnings });
}

/** The privileges a host's settings ask for by default (the executor decides per task). */
export function becomeFromSettings(settings: HostConnection): BecomeSpec | undefined {
  if (!settings.become) return undefined;
  return { user: settings.become_user, password: settings.become_password };
}

/** Connect over SSH, through any ProxyJump hops; exported for tests and benchmarks that read its stats. */
export async function openSshTransport(name: string, settings: HostConnection, opts: OpenOptions = {}): Promise<SshTransport> {
  let endpoint: SshEndpoint;
  try {
    const config = loadSshConfig(opts.sshConfigFile);
    endpoint = resolveEndpoint(settings.host || name, config, { port: settings.port, user: settings.user, privateKey: settings.private_key });
  } catch (e) {
    throw new UnreachableError(`${name}: ${(e as Error).message}`, undefined, 'fix ~/.ssh/config', { cause: e });
  }
  return connectEndpoint(name, endpoint, settings, opts, 0);
}

async function connectEndpoint(name: string, ep: SshEndpoint, settings: HostConnection, opts: OpenOptions, hop: number): Promise<SshTransport> {
  let jump: SshTransport | undefined;
  let sock: Awaited<ReturnType<SshTransport['forward']>> | undefined;
  if (ep.via) {
    // The jump host is checked against the same known_hosts, with the same policy, as ssh does.
    jump = await connectEndpoint(`${name} (jump host ${ep.via.alias})`, ep.via, { ...settings, password: undefined }, opts, hop + 1);
    try {
      sock = await jump.forward(ep.hostname, ep.port);
    } catch (e) {
      await jump.close();
      throw e;
    }
  }
  const explicitKeys = ep.identityFiles.length > 0;
  try {
    const t = await paced(() => SshTransport.connect({
      name,
      hostname: ep.hostname,
      port: ep.port,
      user: ep.user,
      keyFiles: explicitKeys ? ep.identityFiles : defaultKeyFiles(),
      explicitKeys,
      agent: process.env.SSH_AUTH_SOCK || undefined,
      // The password is for the target host only, never sent to jump hosts.
      password: hop === 0 ? settings.password : undefined,
      hostKeyChecking: settings.host_key_checking ?? 'accept-new',
      knownHostsFile: expandHome(settings.known_hosts ?? `${homedir()}/.ssh/known_hosts`),
      hostKeyAlias: ep.hostKeyAlias,
      timeoutMs: (settings.timeout ?? DEFAULT_TIMEOUT_S) * 1000,
      noDelay: opts.noDelay,
      signal: opts.signal,
      sock,
    }));
    if (jump) t.closeWith(jump);
    return t;
  } catch (e) {
    await jump?.close();
    if (e instanceof UnreachableError || e instanceof InterruptedError) throw e;
    throw new UnreachableError(`${name}: ${(e as Error).message}`, undefined, undefined, { cause: e });
  }
}

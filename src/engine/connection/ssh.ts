// The SSH transport: one ssh2 connection per host for the whole run. It only spawns command lines (see
// types.ts); stdin, timeouts, become and atomic writes are ShellConnection's. Latency matters most here:
// we open the TCP socket ourselves to set TCP_NODELAY (a sequential exec costs ~48 ms with Nagle on, ~5 ms
// off), keep a bounded number of channels, and send keepalives so a dead peer is noticed.

import { connect as tcpConnect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import ssh2, { type Client, type ClientChannel } from 'ssh2';
import { InterruptedError, UnreachableError } from '../errors.js';
import type { HostKeyChecking } from '../inventory/types.js';
import { knownHostsName } from './known-hosts.js';
import { makeAuthHandler } from './ssh-auth.js';
import { ChannelGate, channelProcess, openExec } from './ssh-channels.js';
import { HostKeyCheck } from './ssh-hostkey.js';
import { killGroupCommand, pgidMarker, reportingPgid } from './ssh-kill.js';
import type { RemoteProcess, Transport } from './types.js';

export interface SshConnectOptions {
  /** Inventory name, for messages. */
  name: string;
  hostname: string;
  port: number;
  user: string;
  keyFiles: string[];
  /** The user named the key files (a missing one is reported, not silently skipped). */
  explicitKeys?: boolean;
  agent?: string;
  password?: string;
  hostKeyChecking: HostKeyChecking;
  knownHostsFile: string;
  /** Name for known_hosts lookups (HostKeyAlias or hostname); the port is added when not 22. */
  hostKeyAlias?: string;
  /** Whole connect (TCP, key exchange, authentication), milliseconds. */
  timeoutMs: number;
  /** TCP_NODELAY on the socket; default true (false only to measure the difference). */
  noDelay?: boolean;
  /** Concurrent channels; default 4. */
  maxChannels?: number;
  keepaliveMs?: number;
  signal?: AbortSignal;
  /** An already-connected stream to speak SSH over (ProxyJump: a channel forwarded by the jump host). */
  sock?: Duplex;
}

export interface SshStats {
  /** Most channels open at once. */
  peakChannels: number;
  /** Channel opens the server refused and we retried. */
  channelRetries: number;
  /** Milliseconds from start to authenticated. */
  connectMs: number;
  /** accept-new recorded this host's key during connect. */
  hostKeyRecorded: boolean;
  /** host_key_checking off accepted a key that differs from the recorded one. */
  hostKeyWarning?: string;
}

export class SshTransport implements Transport {
  private lostError: UnreachableError | undefined;
  private closing = false;
  private readonly gate: ChannelGate;
  private readonly alsoClose: { close(): Promise<void> }[] = [];
  readonly stats: SshStats = { peakChannels: 0, channelRetries: 0, connectMs: 0, hostKeyRecorded: false };
  /** A session per command is what costs the host most (see persistent-shell.ts). */
  readonly persistentShell = true;

  private constructor(
    readonly host: string,
    private readonly client: Client,
    private readonly where: string,
    maxChannels: number,
  ) {
    this.gate = new ChannelGate(maxChannels);
    const onGone = (why: string) => {
      if (this.closing || this.lostError) return;
      this.lostError = new UnreachableError(`connection to ${host} (${where}) was lost: ${why}`, undefined, `check that ${host} is up and sshd is running`);
    };
    client.on('error', (e: Error) => onGone(e.message));
    client.on('end', () => onGone('closed by the remote side'));
    client.on('close', () => onGone('connection closed'));
  }

  static async connect(o: SshConnectOptions): Promise<SshTransport> {
    const started = Date.now();
    const where = `${o.user}@${o.hostname}:${o.port}`;
    if (o.signal?.aborted) throw new InterruptedError(`interrupted before connecting to ${o.name}`);
    const check = new HostKeyCheck({
      mode: o.hostKeyChecking,
      file: o.knownHostsFile,
      name: knownHostsName(o.hostKeyAlias ?? o.hostname, o.port),
      host: o.name,
    });
    const auth = makeAuthHandler({ user: o.user, keyFiles: o.keyFiles, explicitKeys: o.explicitKeys ?? false, agent: o.agent, password: o.password });
    const sock: Duplex = o.sock ?? tcpSocket(o.hostname, o.port, o.noDelay ?? true);
    const client = new ssh2.Client();

    await new Promise<void>((resolve, reject) => {
      let done = false;
      const finish = (e?: Error) => {
        if (done) return;
        done = true;
        o.signal?.removeEventListener('abort', onAbort);
        if (e) {
          client.removeAllListeners('ready');
          client.end();
          sock.destroy();
          reject(e);
        } else resolve();
      };
      const onAbort = () => finish(new InterruptedError(`interrupted while connecting to ${o.name}`));
      o.signal?.addEventListener('abort', onAbort, { once: true });
      client.once('ready', () => finish());
      client.on('error', (e: Error & { level?: string; code?: string }) => {
        if (e.level === 'agent') return auth.skipped.push(`ssh-agent: ${e.message}`); // next method follows
        finish(check.problem ?? connectError(o, where, e, auth.tried, auth.skipped));
      });
      client.once('close', () => finish(check.problem ?? new UnreachableError(`connection to ${o.name} (${where}) closed during the SSH handshake`)));
      client.connect({
        sock,
        username: o.user,
        authHandler: auth.handler,
        hostVerifier: check.verify,
        algorithms: { serverHostKey: check.serverHostKeyOrder() as never },
        readyTimeout: o.timeoutMs,
        keepaliveInterval: o.keepaliveMs ?? 5000,
        keepaliveCountMax: 3,
      });
    });

    const t = new SshTransport(o.name, client, where, o.maxChannels ?? 4);
    t.stats.connectMs = Date.now() - started;
    t.stats.hostKeyRecorded = check.recorded;
    if (check.warning) t.stats.hostKeyWarning = check.warning;
    return t;
  }

  /** Close `other` (e.g. the jump host connection this one runs through) together with this one. */
  closeWith(other: { close(): Promise<void> }): void {
    this.alsoClose.push(other);
  }

  async spawn(command: string): Promise<RemoteProcess> {
    if (this.lostError) throw this.lostError;
    const release = await this.gate.acquire();
    try {
      const marker = pgidMarker();
      const hooks = { release, lost: () => this.lostError, marker, killGroup: (pgid: number, sig: 'TERM' | 'KILL') => this.killGroup(pgid, sig) };
      const proc = await openExec(this.client, reportingPgid(command, marker), (ch) => channelProcess(ch, hooks), () => this.stats.channelRetries++);
      this.stats.peakChannels = Math.max(this.stats.peakChannels, this.gate.peak);
      return proc;
    } catch (e) {
      release();
      throw this.lostError ?? new UnreachableError(`cannot start a command on ${this.host} (${this.where}): ${(e as Error).message}`, undefined, undefined, { cause: e });
    }
  }

  /** Signal a process group on the host, on a channel of its own (outside the gate: it must not queue). */
  private killGroup(pgid: number, signal: 'TERM' | 'KILL'): void {
    if (this.lostError || this.closing) return;
    const done = (ch: ClientChannel) => {
      ch.resume();
      ch.stderr.resume();
      ch.end();
    };
    openExec(this.client, killGroupCommand(pgid, signal), done, () => {}).catch(() => {});
  }

  /** A TCP stream to `host:port` as seen from this host (for ProxyJump). */
  forward(host: string, port: number): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      this.client.forwardOut('127.0.0.1', 0, host, port, (err, stream) =>
        err ? reject(new UnreachableError(`jump host ${this.host} cannot reach ${host}:${port}: ${err.message}`)) : resolve(stream),
      );
    });
  }

  async close(): Promise<void> {
    if (!this.closing && !this.lostError) {
      this.closing = true;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.client.destroy();
          resolve();
        }, 2000);
        this.client.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        this.client.end();
      });
    }
    this.closing = true;
    this.client.destroy();
    for (const o of this.alsoClose.splice(0)) await o.close();
  }
}

function tcpSocket(host: string, port: number, noDelay: boolean): Socket {
  const s = tcpConnect({ host, port });
  s.setNoDelay(noDelay);
  return s;
}

/** Turn an ssh2/socket error during connect into an UnreachableError that says what to do. */
function connectError(o: SshConnectOptions, where: string, e: Error & { level?: string; code?: string }, tried: string[], skipped: string[]): UnreachableError {
  const say = (msg: string, hint?: string) => new UnreachableError(`${o.name}: ${msg}`, undefined, hint, { cause: e });
  switch (e.code) {
    case 'ECONNREFUSED':
      return say(`connection refused by ${o.hostname}:${o.port}`, 'is sshd running and listening on that port?');
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return say(`no route to ${o.hostname}:${o.port}`, 'check the address and that the host is up');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return say(`cannot resolve ${o.hostname}`, 'check the host name (inventory `host`, ~/.ssh/config HostName)');
    case 'ETIMEDOUT':
      return say(`connecting to ${o.hostname}:${o.port} timed out`);
    case 'ECONNRESET':
      return say(`connection to ${o.hostname}:${o.port} was reset during the handshake`);
  }
  if (e.level === 'client-timeout') {
    return say(`no SSH session with ${where} within ${o.timeoutMs / 1000} s`, 'raise `timeout` in the inventory if the host is just slow');
  }
  if (e.level === 'client-authentication') {
    const what = tried.length ? tried.join(', ') : 'nothing (no key file, no ssh-agent, no password)';
    const notes = skipped.length ? `; unusable: ${skipped.join('; ')}` : '';
    return say(`authentication failed for ${where} (tried ${what}${notes})`, 'set `private_key` or `password` in the inventory, or load the key into ssh-agent');
  }
  return say(`SSH connection to ${where} failed: ${e.message}`);
}

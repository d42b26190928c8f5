// The SSH transport against an in-process ssh2 Server on 127.0.0.1 (no lab needed): authentication
// choices, host key policies, channel bound with refused opens, lost connections, connect errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import ssh2, { type Connection as ServerConn } from 'ssh2';
import { openConnection, openSshTransport } from '../../src/engine/connection/open.js';
import { sendSignal } from '../../src/engine/connection/ssh-channels.js';
import { HostKeyMismatchError, UnreachableError } from '../../src/engine/errors.js';
import type { HostConnection } from '../../src/engine/inventory/types.js';
import { rejection as rejects } from '../helpers/errors.js';

const { utils, Server } = ssh2;
const dir = mkdtempSync(`${tmpdir()}/runbook-ssh-`);
const hostKey = utils.generateKeyPairSync('ed25519');
const userKey = utils.generateKeyPairSync('ed25519');
const otherKey = utils.generateKeyPairSync('ed25519');
writeFileSync(`${dir}/id_user`, userKey.private, { mode: 0o600 });
writeFileSync(`${dir}/id_other`, otherKey.private, { mode: 0o600 });
const allowed = utils.parseKey(userKey.public) as ssh2.ParsedKey;

const log = { auth: [] as string[], execs: [] as string[], maxActive: 0 };
let maxSessions = 100;
const running = new Map<number, { ch: ssh2.ServerChannel; trapsTerm: boolean }>();
let active = 0;

function handle(conn: ServerConn) {
  conn.on('error', () => {});
  conn.on('authentication', (ctx) => {
    log.auth.push(`${ctx.username}:${ctx.method}`);
    if (ctx.method === 'publickey' && ctx.key.algo === allowed.type && ctx.key.data.equals(allowed.getPublicSSH())) {
      if (!ctx.signature) return ctx.accept();
      return ctx.accept(); // ssh2 verified the signature against the offered key already
    }
    if (ctx.method === 'password' && ctx.username === 'pwuser' && ctx.password === 'pw') return ctx.accept();
    ctx.reject(['publickey', 'password']);
  });
  conn.on('session', (accept, reject) => {
    if (active >= maxSessions) return reject(); // like sshd's MaxSessions
    active++;
    log.maxActive = Math.max(log.maxActive, active);
    const session = accept();
    session.on('close', () => active--);
    session.on('exec', (acceptExec, _rej, info) => {
      const ch = acceptExec();
      // The transport prefixes each command with the report of its process group (ssh-kill.ts); play along.
      const pre = /^printf '%s%s\\n' (RUNBOOK-PGID-[0-9a-f]+:) "\$\$" >&2; ([\s\S]*)$/.exec(info.command);
      const command = pre ? pre[2]! : info.command;
      if (pre) ch.stderr.write(`${pre[1]}${4242 + active}\n`);
      log.execs.push(command);
      const kill = /^kill -(TERM|KILL) -(\d+) /.exec(command);
      if (kill) {
        const target = running.get(Number(kill[2]));
        if (target && !(target.trapsTerm && kill[1] === 'TERM')) (target.ch.exit(kill[1]!, false, ''), target.ch.end());
        ch.exit(0);
        return ch.end();
      }
      const m = /^exit (\d+)$/.exec(command);
      if (m) {
        ch.write('out\n');
        ch.stderr.write('err\n');
        ch.exit(Number(m[1]));
        return ch.end();
      }
      if (command === 'echo-stdin') {
        const parts: Buffer[] = [];
        ch.on('data', (b: Buffer) => parts.push(b));
        ch.on('end', () => (ch.write(Buffer.concat(parts)), ch.exit(0), ch.end()));
        return;
      }
      if (command === 'slow') return void setTimeout(() => (ch.exit(0), ch.end()), 50);
      if (command === 'die') return void setTimeout(() => conn.end(), 50);
      // anything else: hang until killed or the client goes away
      running.set(4242 + active, { ch, trapsTerm: command === 'hang-trap-term' });
    });
  });
}

const server = new Server({ hostKeys: [hostKey.private] }, handle);
await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
const port = (server.address() as { port: number }).port;

const settings = (over: Partial<HostConnection> = {}): HostConnection => ({
  connection: 'ssh',
  host: '127.0.0.1',
  port,
  user: 'runner',
  private_key: `${dir}/id_user`,
  known_hosts: `${dir}/known_hosts`,
  host_key_checking: 'accept-new',
  timeout: 5,
  ...over,
});
// No ~/.ssh/config, no agent: only what each test gives.
delete process.env.SSH_AUTH_SOCK;
const noConfig = { sshConfigFile: `${dir}/no-config` };

test('exec over the transport: stdout, stderr, exit code, stdin; accept-new recorded [host]:port', async () => {
  const c = await openConnection('local-ssh', settings(), noConfig);
  assert.equal(await c.exec('exit 3'), { code: 3, stdout: 'out\n', stderr: 'err\n' });
  const bytes = Buffer.from([0, 1, 2, 255, 10, 13]);
  assert.ok((await c.execBuffer('echo-stdin', { stdin: bytes })).stdout.equals(bytes));
  await c.close();
  assert.is(readFileSync(`${dir}/known_hosts`, 'utf8'), `[127.0.0.1]:${port} ${hostKey.public.split(' ').slice(0, 2).join(' ')}\n`);
  const again = await openSshTransport('local-ssh', settings({ host_key_checking: 'strict' }), noConfig);
  assert.not.ok(again.stats.hostKeyRecorded);
  await again.close();
});

test('authentication: a refused key falls back to the password; failure lists what was tried', async () => {
  log.auth.length = 0;
  const c = await openConnection('pw', settings({ user: 'pwuser', private_key: `${dir}/id_other`, password: 'pw' }), noConfig);
  assert.equal(log.auth, ['pwuser:publickey', 'pwuser:password']);
  await c.close();
  const e = await rejects(openConnection('bad', settings({ user: 'pwuser', private_key: `${dir}/id_other`, password: 'nope' }), noConfig));
  assert.instance(e, UnreachableError);
  assert.match(e.message, `authentication failed for pwuser@127.0.0.1:${port} (tried publickey ${dir}/id_other, password)`);
  assert.not.match(e.message, /keyboard-interactive/, "a method the server does not offer is skipped");
});

test('ssh-agent: a key held by the agent (SSH_AUTH_SOCK) is used when no key file works', async () => {
  const sock = `${dir}/agent.sock`;
  const agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
  try {
    for (let i = 0; i < 50 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 20));
    execFileSync('ssh-add', [`${dir}/id_user`], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
    process.env.SSH_AUTH_SOCK = sock;
    log.auth.length = 0;
    const c = await openConnection('agent', settings({ private_key: `${dir}/not-there` }), noConfig);
    assert.equal(log.auth.filter((a) => a.endsWith('publickey')).length >= 1, true);
    assert.is((await c.exec('exit 0')).code, 0);
    await c.close();
  } finally {
    delete process.env.SSH_AUTH_SOCK;
    agent.kill('SIGTERM');
  }
});

test('a changed host key is refused before authentication: nothing runs', async () => {
  const file = `${dir}/kh-changed`;
  writeFileSync(file, `[127.0.0.1]:${port} ${otherKey.public}\n`);
  log.auth.length = 0;
  log.execs.length = 0;
  const e = await rejects(openConnection('changed', settings({ known_hosts: file }), noConfig).then((c) => c.exec('touch marker')));
  assert.instance(e, HostKeyMismatchError);
  assert.match(e.message, `${file} line 1`);
  assert.equal(log.auth, [], 'not even authentication happened');
  assert.equal(log.execs, []);
  const strict = await rejects(openConnection('unknown', settings({ known_hosts: `${dir}/kh-none`, host_key_checking: 'strict' }), noConfig));
  assert.instance(strict, UnreachableError);
  assert.match(strict.message, /strict: refused/);
});

test('channel bound: 12 concurrent execs, at most 4 channels, refused opens retried', async () => {
  maxSessions = 3; // the server refuses the 4th session, as sshd does past MaxSessions
  try {
    const t = await openSshTransport('gate', settings(), noConfig);
    const { ShellConnection } = await import('../../src/engine/connection/shell-connection.js');
    const c = new ShellConnection(t);
    const rs = await Promise.all(Array.from({ length: 12 }, () => c.exec('slow')));
    assert.ok(rs.every((r) => r.code === 0));
    assert.is(t.stats.peakChannels, 4);
    assert.ok(t.stats.channelRetries > 0, 'some opens were refused and retried');
    assert.ok(log.maxActive <= 3);
    await c.close();
  } finally {
    maxSessions = 100;
  }
});

test('connection lost mid-command: the pending exec and later ones reject with UnreachableError', async () => {
  const c = await openConnection('lost', settings(), noConfig);
  const pending = c.exec('hang');
  await new Promise((r) => setTimeout(r, 50));
  void c.exec('die').catch(() => {});
  const e = await rejects(pending);
  assert.instance(e, UnreachableError);
  assert.match(e.message, /connection to lost .* was lost/);
  assert.instance(await rejects(c.exec('exit 0')), UnreachableError);
  await c.close();
});

test('a timed-out command is stopped: TERM to its process group, KILL if it survives 2 s; stderr stays clean', async () => {
  const t = await openSshTransport('kill', settings(), noConfig);
  const { ShellConnection } = await import('../../src/engine/connection/shell-connection.js');
  const c = new ShellConnection(t);
  assert.equal(await c.exec('exit 4'), { code: 4, stdout: 'out\n', stderr: 'err\n' }, 'the pgid report is not in stderr');
  log.execs.length = 0;
  const e = await rejects(c.exec('hang', { timeout: 200 }));
  assert.is(e.name, 'TimeoutError');
  await new Promise((r) => setTimeout(r, 150));
  assert.is(log.execs.length, 2);
  assert.match(log.execs[1]!, /^kill -TERM -\d+ 2>\/dev\/null; true$/);
  log.execs.length = 0;
  await rejects(c.exec('hang-trap-term', { timeout: 100 }));
  await new Promise((r) => setTimeout(r, 2400));
  assert.equal(log.execs.slice(1).map((x) => x.split(' ')[1]), ['-TERM', '-KILL']);
  assert.equal(await c.exec('exit 0'), { code: 0, stdout: 'out\n', stderr: 'err\n' }, 'the connection is still usable');
  await c.close();
});

test('kill sends the signal request even after EOF (ssh2 itself would drop it), never after close', () => {
  const sent: string[] = [];
  const fake = (state: string) => ({ outgoing: { id: 7, state }, _client: { _protocol: { signal: (id: number, n: string) => sent.push(`${id}:${n}`) } } });
  sendSignal(fake('eof') as never, 'TERM');
  sendSignal(fake('open') as never, 'KILL');
  sendSignal(fake('closing') as never, 'KILL');
  sendSignal(fake('closed') as never, 'KILL');
  assert.equal(sent, ['7:TERM', '7:KILL']);
});

test('connect errors: refused port, silent server (timeout)', async () => {
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
  const deadPort = (closed.address() as { port: number }).port;
  await new Promise((r) => closed.close(r));
  let e = await rejects(openConnection('refused', settings({ port: deadPort }), noConfig));
  assert.instance(e, UnreachableError);
  assert.match(e.message, /connection refused/);

  const silent: NetServer = createServer(() => {}); // accepts, never speaks SSH
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  // The message names the connect timeout: it fired (no wall-clock assertion on a shared machine).
  e = await rejects(openConnection('silent', settings({ port: (silent.address() as { port: number }).port, timeout: 1 }), noConfig));
  assert.instance(e, UnreachableError);
  assert.match(e.message, /within 1 s/);
  silent.close();
});

test.after(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

test.run();

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import ssh2 from 'ssh2';
import {
  appendKnownHost,
  checkHostKey,
  fingerprint,
  formatKnownHostsLine,
  hostFieldMatches,
  keyTypeOf,
  knownHostsName,
  knownKeyTypes,
  parseKnownHosts,
  readKnownHosts,
} from '../../src/engine/connection/known-hosts.js';

const dir = mkdtempSync(`${tmpdir()}/runbook-kh-`);
const gen = () => ssh2.utils.generateKeyPairSync('ed25519').public;
const blobOf = (pub: string) => Buffer.from(pub.split(' ')[1]!, 'base64');
const k1 = gen();
const k2 = gen();
const ecdsa = ssh2.utils.generateKeyPairSync('ecdsa', { bits: 256 }).public;

test('parse: comments, blank and malformed lines skipped; markers; line numbers', () => {
  const entries = parseKnownHosts(`# c\n\nweb1,10.0.0.1 ${k1}\n@revoked * ${k2}\n@cert-authority *.corp ${k1}\nbroken-line\n@bogus x ${k1}\n`);
  assert.equal(entries.map((e) => [e.line, e.marker, e.hosts, e.keyType]), [
    [3, undefined, 'web1,10.0.0.1', 'ssh-ed25519'],
    [4, 'revoked', '*', 'ssh-ed25519'],
    [5, 'cert-authority', '*.corp', 'ssh-ed25519'],
  ]);
});

test('names: port 22 plain, other ports as [host]:port; wildcards and negation', () => {
  assert.is(knownHostsName('h', 22), 'h');
  assert.is(knownHostsName('h', 2222), '[h]:2222');
  assert.ok(hostFieldMatches('*.example.com,!bad.example.com', 'web.example.com'));
  assert.not.ok(hostFieldMatches('*.example.com,!bad.example.com', 'bad.example.com'));
  assert.ok(hostFieldMatches('10.0.0.?', '10.0.0.7'));
  assert.not.ok(hostFieldMatches('10.0.0.?', '10.0.0.17'));
  assert.ok(hostFieldMatches('[h]:2222', '[h]:2222'));
  assert.not.ok(hostFieldMatches('[h]:2222', 'h'), 'a non-standard port entry does not match port 22');
  assert.ok(hostFieldMatches('[10.0.0.*]:*', '[10.0.0.5]:2200'));
  assert.ok(hostFieldMatches('WEB1', 'web1'), 'host names are case-insensitive');
});

test('hashed names: ours and the ones ssh-keygen -H writes are matched', () => {
  const ours = formatKnownHostsLine('10.0.0.9', blobOf(k1), { hash: true });
  assert.match(ours, /^\|1\|[^|]+\|[^ ]+ ssh-ed25519 /);
  assert.ok(hostFieldMatches(ours.split(' ')[0]!, '10.0.0.9'));
  assert.not.ok(hostFieldMatches(ours.split(' ')[0]!, '10.0.0.8'));

  const file = `${dir}/hashed`;
  writeFileSync(file, `[db.example]:2222 ${k1}\nweb.example ${k2}\n`);
  execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
  const entries = readKnownHosts(file);
  assert.ok(entries.every((e) => e.hosts.startsWith('|1|')), 'ssh-keygen hashed every name');
  assert.is(checkHostKey(entries, '[db.example]:2222', blobOf(k1)).status, 'known');
  assert.is(checkHostKey(entries, 'web.example', blobOf(k2)).status, 'known');
  assert.is(checkHostKey(entries, 'db.example', blobOf(k1)).status, 'unknown');
});

test('checkHostKey: known, changed (same type, other bytes), unknown with other types, revoked', () => {
  const entries = parseKnownHosts(`a ${k1}\nb ${ecdsa}\n@revoked c ${k2}\nc ${k2}\n`);
  assert.equal(checkHostKey(entries, 'a', blobOf(k1)), { status: 'known', entry: entries[0]! });
  const changed = checkHostKey(entries, 'a', blobOf(k2));
  assert.is(changed.status, 'changed');
  assert.is(changed.status === 'changed' && changed.entry.line, 1);
  assert.equal(checkHostKey(entries, 'b', blobOf(k1)), { status: 'unknown', otherTypes: ['ecdsa-sha2-nistp256'] });
  assert.equal(checkHostKey(entries, 'nobody', blobOf(k1)), { status: 'unknown', otherTypes: [] });
  assert.is(checkHostKey(entries, 'c', blobOf(k2)).status, 'revoked');
  assert.equal(knownKeyTypes(entries, 'b'), ['ecdsa-sha2-nistp256']);
});

test('key blob helpers match ssh-keygen', () => {
  const file = `${dir}/k.pub`;
  writeFileSync(file, `${k1}\n`);
  const fp = execFileSync('ssh-keygen', ['-l', '-f', file]).toString().split(' ')[1];
  assert.is(fingerprint(blobOf(k1)), fp);
  assert.is(keyTypeOf(blobOf(ecdsa)), 'ecdsa-sha2-nistp256');
});

test('append: creates the directory, adds a missing final newline, keeps existing lines', () => {
  const file = `${dir}/sub/dir/known_hosts`;
  appendKnownHost(file, formatKnownHostsLine('a', blobOf(k1)));
  writeFileSync(file, readFileSync(file, 'utf8') + `b ${k2}`); // no final newline, as an editor may leave it
  appendKnownHost(file, formatKnownHostsLine('[c]:2222', blobOf(k1)));
  assert.is(readFileSync(file, 'utf8'), `a ${k1.split(' ').slice(0, 2).join(' ')}\nb ${k2}\n[c]:2222 ${k1.split(' ').slice(0, 2).join(' ')}\n`);
});

test('append from several processes at once loses and mixes nothing', async () => {
  const file = `${dir}/concurrent`;
  const script = `import { appendKnownHost, formatKnownHostsLine } from ${JSON.stringify(new URL('../../src/engine/connection/known-hosts.ts', import.meta.url).pathname)};
    const blob = Buffer.from(${JSON.stringify(k1.split(' ')[1])}, 'base64');
    for (let i = 0; i < 40; i++) appendKnownHost(${JSON.stringify(file)}, formatKnownHostsLine('p' + process.argv[1] + '-' + i, blob));`;
  await Promise.all(
    [1, 2, 3, 4].map(
      (n) =>
        new Promise<void>((resolve, reject) => {
          const p = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, String(n)], { stdio: 'inherit' });
          p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
        }),
    ),
  );
  const entries = readKnownHosts(file);
  assert.is(entries.length, 160);
  assert.is(new Set(entries.map((e) => e.hosts)).size, 160);
  assert.ok(entries.every((e) => e.key === k1.split(' ')[1]));
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();

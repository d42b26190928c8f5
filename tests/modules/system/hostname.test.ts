// hostname: strategy choice and decisions over recorded host state, as Ansible's hostname module.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hostname } from '../../../src/modules/system/hostname.js';
import { summaries } from '../../helpers/module-tester.js';
import { recordedHost } from '../../helpers/recorded-tester.js';

const DEBIAN = 'ID=debian\nVERSION_ID="12"\n';
const CENTOS = 'ID="centos"\nID_LIKE="rhel fedora"\n';

function host(o: { systemd?: boolean; os?: string; kernel: string; transient?: string; static?: string; etc?: string; sysconfig?: string; ctlError?: string }) {
  const out = [
    '@@systemd', o.systemd ? 'yes' : '',
    '@@os', o.os ?? DEBIAN,
    '@@kernel', o.kernel,
    ...(o.transient !== undefined ? ['@@transient', o.transient, '@@static', o.static ?? ''] : []),
    ...(o.ctlError ? ['@@hostnamectl_error', o.ctlError] : []),
    ...(o.etc !== undefined ? ['@@etc_hostname', o.etc] : []),
    ...(o.sysconfig !== undefined ? ['@@sysconfig', `HOSTNAME=${o.sysconfig}`] : []),
  ].join('\n');
  return recordedHost({ facts: [['@@kernel', { stdout: `${out}\n` }]] });
}

test('systemd hosts use hostnamectl: transient then static (and pretty)', async () => {
  const h = host({ systemd: true, kernel: 'old', transient: 'old', static: 'old' });
  const plan = await h.plan(hostname, { name: 'web1.example.com' });
  assert.equal(summaries(plan), ['set the current hostname to web1.example.com', 'set the permanent hostname to web1.example.com']);
  assert.equal(plan.changes[0]!.diff, { header: 'hostname', before: 'hostname = old\n', after: 'hostname = web1.example.com\n' });
  assert.equal(plan.facts, { ansible_hostname: 'web1', ansible_nodename: 'web1.example.com' });
  await h.apply(plan);
  assert.equal(h.commands, [
    'hostnamectl --transient set-hostname web1.example.com',
    'hostnamectl --pretty set-hostname web1.example.com && hostnamectl --static set-hostname web1.example.com',
  ]);
  const same = await host({ systemd: true, kernel: 'web1', transient: 'web1', static: 'web1' }).plan(hostname, { name: 'web1' });
  assert.equal(summaries(same), []);
  assert.is(same.reason, 'hostname is already web1 (systemd)');
});

test('without systemd, Debian writes /etc/hostname atomically and runs hostname', async () => {
  const h = host({ kernel: 'h1', etc: 'h1' });
  await h.apply(await h.plan(hostname, { name: 'web1' }));
  assert.equal(h.commands, ['hostname web1', 'put /etc/hostname "web1\\n"']);
  // Only the permanent name differs: one change; a missing /etc/hostname counts as empty.
  const p = await host({ kernel: 'web1' }).plan(hostname, { name: 'web1' });
  assert.equal(summaries(p), ['set the permanent hostname to web1']);
  assert.equal(p.changes[0]!.diff?.before, 'hostname = \n');
});

test('RedHat family edits HOSTNAME= in /etc/sysconfig/network; use overrides the choice', async () => {
  const h = host({ os: CENTOS, kernel: 'a', sysconfig: 'a' });
  const plan = await h.plan(hostname, { name: 'b' });
  await h.apply(plan);
  assert.match(h.commands[1]!, /sed -i "s\/\^HOSTNAME\.\*\/HOSTNAME=\$n\/"/);
  const generic = await host({ os: CENTOS, kernel: 'a', sysconfig: 'x' }).plan(hostname, { name: 'a', use: 'generic' });
  assert.equal(summaries(generic), []);
});

test('systemd without a working hostnamectl fails with a hint', async () => {
  const e = await host({ systemd: true, kernel: 'a', ctlError: 'Failed to connect to bus' }).plan(hostname, { name: 'b' }).catch((x: Error & { hint?: string }) => x);
  assert.match(String(e), /hostnamectl failed: Failed to connect to bus/);
  assert.match((e as { hint?: string }).hint ?? '', /use: debian/);
});

test.run();

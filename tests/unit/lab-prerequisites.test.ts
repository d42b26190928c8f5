// What the lab needs from the machine, decided without touching it: which requirements are missing for
// a probe, what `npm run demo` / `lab doctor --install` then does (install on Debian/Ubuntu as root;
// refuse with the packages named elsewhere, without root, or with --no-install), and that the playbook
// that installs them lists exactly the same packages.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { installPlan, isDebianLike, missingRequirements, parseOsRelease, REQUIREMENTS, type Probe } from '../../src/lab/prerequisites.js';

/** A machine with everything except `absent` (commands or paths), and a dynamic busybox when asked. */
function machine(absent: string[] = [], dynamic: string[] = []): Probe {
  return { has: (n) => !absent.includes(n), isStatic: (p) => !dynamic.includes(p) };
}

const DEBIAN = parseOsRelease('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n');
const FEDORA = parseOsRelease('NAME="Fedora Linux"\nID=fedora\nPRETTY_NAME="Fedora Linux 40 (Server Edition)"\n');
const MINT = parseOsRelease("ID=linuxmint\nID_LIKE='ubuntu debian'\nPRETTY_NAME='Linux Mint 21'\n");

test('parseOsRelease: quotes removed, both kinds; isDebianLike by ID or ID_LIKE', () => {
  assert.is(DEBIAN.PRETTY_NAME, 'Debian GNU/Linux 12 (bookworm)');
  assert.is(MINT.ID_LIKE, 'ubuntu debian');
  assert.ok(isDebianLike(DEBIAN));
  assert.ok(isDebianLike(MINT));
  assert.ok(isDebianLike({ ID: 'ubuntu' }));
  assert.not.ok(isDebianLike(FEDORA));
  assert.not.ok(isDebianLike({}));
});

test('missingRequirements: nothing on a complete machine; each gap maps to its package', () => {
  assert.equal(missingRequirements(machine()), []);
  const pkgs = (absent: string[], scope?: 'hosts' | 'seed' | 'tests', dynamic: string[] = []) => missingRequirements(machine(absent, dynamic), scope).map((r) => r.pkg);
  // The fresh Debian 12 of the issue: no sshd, sudo, docker, dnsmasq, busybox.
  assert.equal(pkgs(['/usr/sbin/sshd', 'sudo', 'dockerd', 'docker', 'dnsmasq', '/bin/busybox'], 'seed'), ['openssh-server', 'sudo', 'docker.io', 'dnsmasq', 'busybox-static']);
  // One of several commands missing is enough; a dynamic busybox (the `busybox` package) is not the static one.
  assert.equal(pkgs(['bridge']), ['iproute2']);
  assert.equal(pkgs([], 'seed', ['/bin/busybox']), ['busybox-static']);
});

test('missingRequirements: a plain lab needs no Docker, the seed no test tools', () => {
  const all = ['dockerd', 'dnsmasq', 'nc', 'patch', '/usr/sbin/sshd'];
  assert.equal(missingRequirements(machine(all), 'hosts').map((r) => r.pkg), ['openssh-server']);
  assert.equal(missingRequirements(machine(all), 'seed').map((r) => r.pkg), ['openssh-server', 'docker.io', 'dnsmasq']);
  assert.equal(missingRequirements(machine(all), 'tests').map((r) => r.pkg), ['openssh-server', 'docker.io', 'dnsmasq', 'netcat-openbsd', 'patch']);
});

const missing = (absent: string[]) => missingRequirements(machine(absent));

test('installPlan: Debian as root installs exactly the missing packages, and says what and why in one line', () => {
  assert.equal(installPlan([], { os: DEBIAN, root: true }), { kind: 'nothing' });
  const plan = installPlan(missing(['/usr/sbin/sshd', 'sudo', 'dockerd']), { os: DEBIAN, root: true });
  assert.is(plan.kind, 'apt');
  assert.equal(plan.kind === 'apt' && plan.packages, ['openssh-server', 'sudo', 'docker.io']);
  const line = plan.kind === 'apt' ? plan.line : '';
  assert.not.match(line, /\n/);
  assert.match(line, /^installing openssh-server sudo docker.io: /);
  assert.match(line, /--no-install/);
  // A derivative that names Debian in ID_LIKE is treated the same.
  assert.is(installPlan(missing(['sudo']), { os: MINT, root: true }).kind, 'apt');
});

test('installPlan: a package is named once even when several of its commands are missing', () => {
  const plan = installPlan(missing(['ip', 'bridge']), { os: DEBIAN, root: true });
  assert.equal(plan.kind === 'apt' && plan.packages, ['iproute2']);
});

test('installPlan: --no-install and non-root refuse, naming every package and the command that fixes it', () => {
  const gaps = missing(['/usr/sbin/sshd', 'dnsmasq']);
  const no = installPlan(gaps, { os: DEBIAN, root: true, noInstall: true });
  assert.is(no.kind, 'refuse');
  const msg = no.kind === 'refuse' ? no.message : '';
  assert.match(msg, /\/usr\/sbin\/sshd \(openssh-server\); dnsmasq \(dnsmasq\): not installing them \(--no-install\)/);
  assert.match(msg, /runbook lab doctor --install/);
  assert.match(msg, /apt-get install openssh-server dnsmasq/);
  const user = installPlan(gaps, { os: DEBIAN, root: false });
  assert.is(user.kind, 'refuse');
  assert.match(user.kind === 'refuse' ? user.message : '', /needs root\.\n {2}sudo runbook lab doctor --install/);
});

test('installPlan: another system is never touched; the message names the system, the packages and a dnf hint', () => {
  for (const root of [true, false]) {
    const plan = installPlan(missing(['/usr/sbin/sshd', 'sudo']), { os: FEDORA, root });
    assert.is(plan.kind, 'refuse');
    const msg = plan.kind === 'refuse' ? plan.message : '';
    assert.match(msg, /Fedora Linux 40 \(Server Edition\)/);
    assert.match(msg, /Debian's names: openssh-server sudo/);
    assert.match(msg, /dnf install/);
    assert.match(msg, /docs\/lab\.md/);
  }
  // No os-release at all: unknown, so not installed either.
  const unknown = installPlan(missing(['sudo']), { os: {}, root: true });
  assert.match(unknown.kind === 'refuse' ? unknown.message : 'installed', /this is a system without \/etc\/os-release\./);
});

test('playbooks/lab-prerequisites.yaml installs the same list, in the same order', () => {
  const play = (parse(readFileSync('playbooks/lab-prerequisites.yaml', 'utf8')) as { vars: { lab_packages: string[] } }[])[0]!;
  assert.equal(play.vars.lab_packages, REQUIREMENTS.map((r) => r.pkg));
});

test.run();

// Issue 10's module-side items, end to end: the real CLI (`node bin/runbook.js apply`, built by `npm run build`)
// on a temp directory with a local-connection inventory. Every changing playbook runs twice and the second
// run must change nothing. Needs root for owner/setuid (the module suite runs as root in CI).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../../', import.meta.url).pathname;
const isRoot = process.getuid?.() === 0;

interface Run {
  code: number | null;
  out: string;
  changed: number;
}

function withPlaybook(tasks: string, fn: (dir: string, apply: () => Run) => void, files: Record<string, string> = {}): void {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-cli-safety-'));
  try {
    writeFileSync(join(dir, 'inventory.yaml'), 'all:\n  hosts:\n    localhost: { connection: local }\n');
    writeFileSync(join(dir, 'site.yaml'), `- hosts: localhost\n  gather_facts: false\n  tasks:\n${tasks}`);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const apply = (): Run => {
      // Bounded: a regexp that ran on the main thread (before the fix) would hold the run for minutes.
      const r = spawnSync(process.execPath, [join(ROOT, 'bin/runbook.js'), 'apply', 'site.yaml', '-i', 'inventory.yaml'], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, RUNBOOK_REGEX_BUDGET_MS: '1000', CI: 'true' },
      });
      const out = r.stdout + r.stderr;
      return { code: r.status, out, changed: Number(/changed=(\d+)/.exec(out)?.[1] ?? NaN) };
    };
    fn(dir, apply);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function twice(apply: () => Run): void {
  const first = apply();
  assert.is(first.code, 0, first.out);
  assert.ok(first.changed > 0, first.out);
  const second = apply();
  assert.is(second.code, 0, second.out);
  assert.is(second.changed, 0, `the second run changed something:\n${second.out}`);
}

test('copy and file_template over a planted symlink replace the link; its target keeps its content and mode', () =>
  withPlaybook(
    [
      '    - copy: { dest: "{{ playbook_dir }}/a", content: "hello\\n", mode: "0644" }',
      '    - file_template: { src: t.hbs, dest: "{{ playbook_dir }}/b", mode: "0644" }',
      '    - copy: { dest: "{{ playbook_dir }}/c", content: "followed\\n", mode: "0640", follow: true }',
      '',
    ].join('\n'),
    (dir, apply) => {
      for (const [link, victim] of [['a', 'victim-a'], ['b', 'victim-b'], ['c', 'victim-c']] as const) {
        writeFileSync(join(dir, victim), 'secret\n', { mode: 0o600 });
        chmodSync(join(dir, victim), 0o600);
        symlinkSync(join(dir, victim), join(dir, link));
      }
      twice(apply);
      for (const [link, text] of [['a', 'hello\n'], ['b', 'rendered\n']] as const) {
        assert.ok(lstatSync(join(dir, link)).isFile(), `${link} is a regular file now`);
        assert.is(readFileSync(join(dir, link), 'utf8'), text);
        assert.is(statSync(join(dir, link)).mode & 0o7777, 0o644);
        assert.is(readFileSync(join(dir, `victim-${link}`), 'utf8'), 'secret\n');
        assert.is(statSync(join(dir, `victim-${link}`)).mode & 0o7777, 0o600, `victim-${link} was chmodded through the link`);
      }
      // follow: true is the explicit way to write through a link: content and mode both go to the target.
      assert.ok(lstatSync(join(dir, 'c')).isSymbolicLink());
      assert.is(readFileSync(join(dir, 'victim-c'), 'utf8'), 'followed\n');
      assert.is(statSync(join(dir, 'victim-c')).mode & 0o7777, 0o640);
    },
    { 't.hbs': 'rendered\n' },
  ));

test('setuid and setgid survive a write with an owner, and a content update of a setuid file', () => {
  if (!isRoot) return console.log('  (skipped: needs root to set owners)');
  withPlaybook(
    [
      '    - copy: { dest: "{{ playbook_dir }}/new", content: "x\\n", mode: "4755", owner: root, group: root }',
      '    - copy: { dest: "{{ playbook_dir }}/old", content: "new\\n" }',
      '    - lineinfile: { path: "{{ playbook_dir }}/sg", line: "added", owner: root }',
      '',
    ].join('\n'),
    (dir, apply) => {
      writeFileSync(join(dir, 'old'), 'old\n');
      chmodSync(join(dir, 'old'), 0o4755);
      writeFileSync(join(dir, 'sg'), 'first\n');
      chmodSync(join(dir, 'sg'), 0o2755);
      twice(apply);
      assert.is(statSync(join(dir, 'new')).mode & 0o7777, 0o4755);
      assert.is(statSync(join(dir, 'old')).mode & 0o7777, 0o4755);
      assert.is(readFileSync(join(dir, 'old'), 'utf8'), 'new\n');
      assert.is(statSync(join(dir, 'sg')).mode & 0o7777, 0o2755);
    },
  );
});

test('a catastrophic regexp fails the task with the pattern and a hint, and the run ends', () =>
  withPlaybook('    - lineinfile: { path: "{{ playbook_dir }}/f", regexp: "^(a+)+$", line: "b" }\n', (dir, apply) => {
    writeFileSync(join(dir, 'f'), `${'a'.repeat(30)}!\n`);
    const r = apply();
    assert.is(r.code, 2, r.out);
    assert.match(r.out, 'regular expression "^(a+)+$" took longer than 1 s');
    assert.match(r.out, 'nested repetition');
    assert.is(readFileSync(join(dir, 'f'), 'utf8'), `${'a'.repeat(30)}!\n`);
  }));

test('backups get a random name; a UTF-8 byte order mark survives an edit', () =>
  withPlaybook(
    [
      '    - lineinfile: { path: "{{ playbook_dir }}/bom.conf", line: "b=2", backup: yes }',
      '    - blockinfile: { path: "{{ playbook_dir }}/bom2.conf", block: "x=1" }',
      '',
    ].join('\n'),
    (dir, apply) => {
      writeFileSync(join(dir, 'bom.conf'), '\ufeffa=1\n');
      writeFileSync(join(dir, 'bom2.conf'), '\ufeffa=1\n');
      twice(apply);
      assert.is(readFileSync(join(dir, 'bom.conf'), 'utf8'), '\ufeffa=1\nb=2\n');
      assert.is(readFileSync(join(dir, 'bom2.conf'), 'utf8'), '\ufeffa=1\n# BEGIN ANSIBLE MANAGED BLOCK\nx=1\n# END ANSIBLE MANAGED BLOCK\n');
      const backups = readdirSync(dir).filter((n) => n.startsWith('bom.conf.'));
      assert.is(backups.length, 1);
      assert.match(backups[0]!, /^bom\.conf\.[0-9a-f]{8}\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~$/);
      assert.is(readFileSync(join(dir, backups[0]!), 'utf8'), '\ufeffa=1\n');
    },
  ));

test('a file too large to edit in place is refused with a message, not a crash', () =>
  withPlaybook('    - lineinfile: { path: "{{ playbook_dir }}/huge", line: "x" }\n', (dir, apply) => {
    writeFileSync(join(dir, 'huge'), '');
    truncateSync(join(dir, 'huge'), 65 * 1024 * 1024); // sparse: no disk used
    const r = apply();
    assert.is(r.code, 2, r.out);
    assert.match(r.out, `is ${65 * 1024 * 1024} bytes, larger than the ${64 * 1024 * 1024} bytes runbook reads`);
  }));

test('a package name starting with - is refused before it reaches the host', () =>
  withPlaybook('    - package: { name: ["--installroot=/tmp/x", "jq"], use: dnf }\n', (_dir, apply) => {
    const r = apply();
    assert.is(r.code, 2, r.out);
    assert.match(r.out, 'invalid package name: "--installroot=/tmp/x" starts with -');
  }));

test.run();

// End to end through the CLI, on this machine only (local connection): an Ansible project — ansible.cfg
// naming an INI inventory, group_vars beside the playbook — applied twice; the second run changes nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const MAIN = resolve('src/cli/main.ts');
// Run from the project's directory: tsx is found from this repository, not from there.
const TSX = import.meta.resolve('tsx');

test('ansible.cfg → INI inventory → playbook group_vars: applied, then nothing to change', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'runbook-ini-apply-'));
  const out = join(dir, 'out.txt');
  await mkdir(join(dir, 'inventories/prod'), { recursive: true });
  await mkdir(join(dir, 'group_vars'), { recursive: true });
  await writeFile(join(dir, 'ansible.cfg'), '[defaults]\ninventory = inventories/prod/hosts\nforks = 2\n');
  await writeFile(join(dir, 'inventories/prod/hosts'), `[local]\nlocalhost ansible_connection=local greeting="from ini"\n\n[local:vars]\ncount=3\n`);
  await writeFile(join(dir, 'group_vars/local.yml'), 'suffix: from playbook group_vars\n');
  await writeFile(
    join(dir, 'site.yml'),
    `- hosts: local\n  gather_facts: false\n  tasks:\n    - copy:\n        dest: ${out}\n        content: "{{ greeting }} {{ count + 1 }} {{ suffix }}\\n"\n`,
  );
  const apply = () =>
    execFileSync(process.execPath, ['--import', TSX, MAIN, 'apply', 'site.yml', '--json'], { cwd: dir, env: { ...process.env, HOME: dir, RUNBOOK_CONFIG: '', ANSIBLE_CONFIG: '' } }).toString();
  const changed = (ndjson: string) => ndjson.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; status?: string }).filter((e) => e.status === 'changed').length;
  assert.is(changed(apply()), 1);
  assert.is(await readFile(out, 'utf8'), 'from ini 4 from playbook group_vars\n');
  assert.is(changed(apply()), 0, 'the second run changes nothing');
});

test.run();

// Checks the lineinfile/blockinfile case tables against real ansible-core, where it is installed (Debian:
// `apt-get install ansible-core`), so the expected values in the tables are Ansible's, not our guess.
// Not part of the suite (CI has no Ansible); run by hand after changing a table:
//   node --import tsx tests/modules/files/oracle.ts
// Prints one line per case and exits 1 when a case disagrees without a `differs` note.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blockCases } from './cases/blockinfile-cases.js';
import { lineCases } from './cases/lineinfile-cases.js';
import { modeCases } from './cases/mode-cases.js';

const PYTHON = '/usr/bin/python3';

function runAnsible(module: string, before: string | null, params: object): { after: string; msg: string; changed: boolean } {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-oracle-'));
  try {
    const path = join(dir, 'f');
    if (before !== null) writeFileSync(path, before);
    const args = JSON.stringify({ ANSIBLE_MODULE_ARGS: { path, create: true, ...params } });
    const out = JSON.parse(execFileSync(PYTHON, ['-m', `ansible.modules.${module}`, args], { cwd: dir }).toString()) as { msg?: string; changed: boolean };
    return { after: existsSync(path) ? readFileSync(path, 'utf8') : '', msg: out.msg ?? '', changed: out.changed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let bad = 0;
const check = (module: string, name: string, before: string | null, params: object, after: string, msg: string, differs?: string) => {
  const got = runAnsible(module, before, params);
  const same = got.after === after && got.msg === msg && got.changed === (msg !== '');
  if (!same && !differs) bad++;
  const status = same ? 'same' : differs ? 'differs (known)' : 'MISMATCH';
  console.log(`${status.padEnd(16)} ${module}: ${name}${same ? '' : `\n    ansible: ${JSON.stringify(got)}\n    table:   ${JSON.stringify({ after, msg })}`}`);
};

for (const c of lineCases) check('lineinfile', c.name, c.before, c.params, c.after, c.msg, c.differs);
const version = execFileSync(PYTHON, ['-c', 'import ansible.release as r; print(r.__version__)']).toString().trim();
/** Whether version a is later than version b (`2.16` > `2.14.18`). */
function later(a: string, b: string): boolean {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return false;
}
for (const c of blockCases) {
  if (c.since && later(c.since, version)) console.log(`skipped          blockinfile: ${c.name} (needs Ansible ${c.since}, have ${version})`);
  else check('blockinfile', c.name, c.before, c.params, c.after, c.msg);
}
// Symbolic modes through AnsibleModule._symbolic_mode_to_octal, with the case's current mode and umask.
const MODE_PY = `import json, os, stat, sys
from ansible.module_utils.basic import AnsibleModule
for c in json.loads(sys.argv[1]):
    os.umask(c['umask'])
    st = os.stat_result(((stat.S_IFDIR if c['isDir'] else stat.S_IFREG) | c['current'],) + (0,) * 9)
    print(AnsibleModule._symbolic_mode_to_octal(st, c['mode']))`;
const symbolic = modeCases.filter((c) => typeof c.mode === 'string' && !/^(0o)?[0-7]+$/.test(c.mode));
const octal = execFileSync(PYTHON, ['-c', MODE_PY, JSON.stringify(symbolic.map((c) => ({ ...c, isDir: !!c.isDir, umask: c.umask ?? 0o022 })))]).toString().trim().split('\n').map(Number);
symbolic.forEach((c, i) => {
  const same = octal[i] === c.want;
  if (!same) bad++;
  console.log(`${(same ? 'same' : 'MISMATCH').padEnd(16)} mode ${c.mode} on ${c.current.toString(8)}: ansible ${octal[i]!.toString(8)}, table ${c.want.toString(8)}`);
});
console.log(bad ? `${bad} case(s) disagree with Ansible` : 'every case agrees with Ansible (or is a documented difference)');
process.exitCode = bad ? 1 : 0;

// apt_repository against Ansible's own (ansible-core over SSH to h2, runbook over SSH to h1), from the same
// starting sources on both hosts (their /etc is a private overlay): the same bytes in every sources file
// and the same changed flag, first run and rerun. update_cache is off: no apt-get update ever runs here.
// Then deb822_repository with its key downloaded from h2's HTTP server, converging.
import * as assert from 'uvu/assert';
import { aptRepository } from '../../src/modules/packages/apt-repository.js';
import { deb822Repository } from '../../src/modules/packages/deb822-repository.js';
import { quote } from '../../src/engine/quote.js';
import { ansibleLocal, ansibleSkipReason } from '../helpers/ansible.js';
import { ModuleTester, summaries } from '../helpers/module-tester.js';
import { labSuite, type LabHandle } from './fixture.js';

const { add, run } = labSuite('apt sources against Ansible', { hosts: 2 });

const START = '# the archive\ndeb  http://10.200.0.1/debian   bookworm main # lab only\n# deb http://10.200.0.1/extra bookworm main\n';
const RESET = `rm -f /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources && printf %s ${quote(START)} > /etc/apt/sources.list`;
const DUMP = 'for f in /etc/apt/sources.list /etc/apt/sources.list.d/*; do [ -f "$f" ] && { echo "== $f $(stat -c %a "$f")"; cat "$f"; }; done; true';

const CASES: Record<string, unknown>[] = [
  { repo: 'deb [signed-by=/etc/apt/keyrings/lab.asc] http://10.200.0.12:8000/debian bookworm main' },
  { repo: 'deb http://10.200.0.12:8000/tools ./', filename: 'lab-tools', mode: '0600' },
  { repo: 'deb http://10.200.0.1/extra bookworm main' },
  { repo: 'deb http://10.200.0.1/debian bookworm main', state: 'absent' },
  { repo: 'deb   http://10.200.0.1/debian bookworm main' },
];

async function ansibleRun(lab: LabHandle, params: Record<string, unknown>): Promise<boolean> {
  const args = Object.entries({ ...params, update_cache: false }).map(([k, v]) => `${k}=${JSON.stringify(String(v))}`).join(' ');
  const r = await ansibleLocal('apt_repository', { args, ssh: { address: lab.host('h2').ip, privateKey: lab.keyFile } });
  return r.changed === true;
}

add('apt_repository: the same files and changed flags as Ansible, first run and rerun', async (lab) => {
  const skip = await ansibleSkipReason();
  if (skip) return void console.log(`    skipped: ${skip}`);
  const r = new ModuleTester(await lab.connect('h1'), { host: 'h1' });
  for (const params of CASES) {
    for (const h of ['h1', 'h2']) assert.is((await lab.run(h, RESET)).code, 0);
    const ours: boolean[] = [];
    const theirs: boolean[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await r.run(aptRepository, { ...params, update_cache: false });
      ours.push(res.plan.changes.length > 0);
      theirs.push(await ansibleRun(lab, params));
    }
    const [a, b] = [await lab.run('h1', DUMP), await lab.run('h2', DUMP)];
    assert.is(a.stdout, b.stdout, `files after ${JSON.stringify(params)}`);
    assert.equal(ours, theirs, `changed flags (first run, rerun) for ${JSON.stringify(params)}`);
  }
});

add('deb822_repository: its key from h2 into /etc/apt/keyrings, the .sources naming it; converge; absent removes both', async (lab) => {
  const ip = lab.host('h2').ip;
  const h2 = await lab.connect('h2');
  await h2.put('/srv/lab-key.asc', Buffer.from('-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBFlabkey\n-----END PGP PUBLIC KEY BLOCK-----\n'));
  const server = await lab.run('h2', `setsid /usr/bin/python3 -m http.server 8001 --bind ${ip} --directory /srv >/dev/null 2>&1 < /dev/null &\ni=0; until curl -fsS -o /dev/null http://${ip}:8001/lab-key.asc; do i=$((i+1)); [ $i -lt 50 ] || exit 1; sleep 0.1; done`);
  assert.is(server.code, 0, server.stderr);
  const r = new ModuleTester(await lab.connect('h1'), { host: 'h1' });
  assert.is((await lab.run('h1', RESET)).code, 0);
  const params = { name: 'Lab Tools', uris: `http://${ip}:8000/tools`, suites: './', signed_by: `http://${ip}:8001/lab-key.asc` };
  const c = await r.converge(deb822Repository, params);
  assert.equal(summaries(c.first), [`download key http://${ip}:8001/lab-key.asc to /etc/apt/keyrings/Lab-Tools.asc`, 'create /etc/apt/sources.list.d/Lab-Tools.sources (mode 0644)']);
  const files = await lab.run('h1', 'cat /etc/apt/sources.list.d/Lab-Tools.sources; stat -c %a /etc/apt/keyrings/Lab-Tools.asc');
  // Ansible's order: sorted by parameter name (name, then signed_by, suites, types, uris).
  assert.is(files.stdout, `X-Repolib-Name: Lab Tools\nSigned-By: /etc/apt/keyrings/Lab-Tools.asc\nSuites: ./\nTypes: deb\nURIs: http://${ip}:8000/tools\n644\n`);
  const gone = await r.converge(deb822Repository, { name: 'Lab Tools', state: 'absent' });
  assert.equal(summaries(gone.first), ['remove /etc/apt/sources.list.d/Lab-Tools.sources', 'remove /etc/apt/keyrings/Lab-Tools.asc']);
});

run();

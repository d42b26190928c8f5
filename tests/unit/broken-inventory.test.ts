import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';

// Each broken inventory under tests/fixtures/broken-inventory/ is given to the real CLI, which must exit 1
// and print every problem as `file:line:col: message` (plus a hint where one helps).
const DIR = 'tests/fixtures/broken-inventory';

const cases: { dir: string; expect: string[] }[] = [
  { dir: 'typo-key', expect: ['inventory.yaml:4:7: unknown key "hostt" in host\n  hint: did you mean "host"?', 'inventory.yaml:5:3: unknown key "childrn" in group\n  hint: did you mean "children"?'] },
  { dir: 'bad-port', expect: ['inventory.yaml:5:13: port must be an integer, not the string "twenty-two"', 'inventory.yaml:7:13: port must be at most 65535'] },
  { dir: 'bad-connection', expect: ['inventory.yaml:4:19: connection must be one of "local", "ssh", not the string "winrm"'] },
  { dir: 'unknown-child', expect: ['inventory.yaml:8:9: unknown group "webserver" in the children of "prod" (did you mean "webservers"?)'] },
  { dir: 'group-cycle', expect: ['inventory.yaml:9:13: group cycle: a → b → a'] },
  { dir: 'duplicate-key', expect: ['inventory.yaml:5:5: Map keys must be unique\n  hint: each key may appear once'] },
  { dir: 'bad-indent', expect: ['inventory.yaml:5:1: All mapping items must start at the same column\n  hint: check the indentation'] },
  { dir: 'bad-host-vars', expect: ['host_vars/web1.yaml:2:1: invalid name "http-port"'] },
  { dir: 'bad-group-vars-yaml', expect: ['group_vars/all.yaml:3:1: Flow sequence in block collection must be sufficiently indented'] },
  { dir: 'unknown-group-vars', expect: ['group_vars/webserver.yaml:1:1: group_vars/webserver.yaml matches no group in the inventory (did you mean "webservers"?)'] },
  {
    dir: 'bad-alias',
    expect: ['inventory.yaml:5:23: ansible_port must be a port number (1-65535), not "ssh"', 'inventory.yaml:6:29: ansible_connection must be local or ssh'],
  },
  {
    dir: 'ansible-style-ambiguous',
    expect: [
      'inventory.yaml:6:7: "port" is runbook\'s connection setting, but this host\'s other keys (ansible_host, http_port) are written as Ansible\'s variables',
    ],
  },
];

function runCli(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'inventory', '-i', file, '--list'], (err, stdout, stderr) => {
      done({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

// Started together: each CLI start costs most of a second.
const results = await Promise.all(cases.map((c) => runCli(`${DIR}/${c.dir}/inventory.yaml`)));

cases.forEach((c, i) => {
  test(`broken inventory ${c.dir}: exit 1, located problems`, () => {
    const r = results[i]!;
    assert.is(r.code, 1, r.stderr);
    assert.is(r.stdout, '', 'nothing on stdout');
    for (const fragment of c.expect) assert.ok(r.stderr.includes(`${DIR}/${c.dir}/${fragment}`), `expected\n${fragment}\nin\n${r.stderr}`);
    assert.is(r.stderr.trimEnd().split('\n').filter((l) => !l.startsWith('  hint:')).length, c.expect.length, 'one line per problem, no more');
  });
});

test('there are at least 8 broken inventories, and each has a case here', async () => {
  const { readdir } = await import('node:fs/promises');
  const dirs = (await readdir(DIR)).sort();
  assert.ok(dirs.length >= 8);
  assert.equal(dirs, cases.map((c) => c.dir).sort());
});

test('a valid inventory: exit 0, JSON on stdout', async () => {
  const r = await runCli('tests/fixtures/inventory/site/inventory.yaml');
  assert.is(r.code, 0, r.stderr);
  const list = JSON.parse(r.stdout) as { _meta: { hostvars: Record<string, unknown> }; web: { hosts: string[] } };
  assert.equal(list.web.hosts, ['web1', 'web2']);
  assert.ok(list._meta.hostvars['web-eu-1']);
});

test.run();

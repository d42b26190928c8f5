// Issue 10.8: a no_log task's command line and environment travelled as arguments (sshd's `sh -c …`,
// `env K=V`, sudo's argv), readable by any user of the host in `ps`. They now travel on stdin.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localConnection } from '../../src/engine/connection/local.js';
import { sleep } from '../../src/engine/execute/util.js';
import { runFixture, tempDir } from './execute-harness.js';

const SECRET = 'pw-7Qx3';
const ps = () => execFileSync('ps', ['-eo', 'args']).toString();

/** Everything `ps` showed while `run` was going (sampled, bounded), and run's result. */
async function watchPs<T>(run: Promise<T>): Promise<{ seen: string; result: T }> {
  let done = false;
  let seen = '';
  const result = run.finally(() => (done = true));
  for (let i = 0; i < 200 && !done; i++) {
    seen += ps();
    await sleep(50, new AbortController().signal);
  }
  return { seen, result: await result };
}

test('private: the script, its environment, cwd and stdin all work as before', async () => {
  const dir = await tempDir();
  const c = localConnection().derive({ private: true });
  const r = await c.exec(`printf '%s|%s|' "$TOKEN" "$(pwd)"; cat; exit 7`, { env: { TOKEN: `a 'b' $c\n` }, cwd: dir, stdin: 'from stdin\n' });
  assert.equal(r, { code: 7, stdout: `a 'b' $c\n|${dir}|from stdin\n`, stderr: '' });
  const missing = await c.exec('true', { cwd: join(dir, 'nope') });
  assert.is.not(missing.code, 0);
});

test('private: neither the command nor the environment shows in ps; without it, both do', async () => {
  for (const priv of [true, false]) {
    const c = localConnection().derive({ private: priv });
    const { seen, result } = await watchPs(c.exec(`sleep 1.5; echo ${SECRET}-cmd`, { env: { TOKEN: `${SECRET}-env` } }));
    assert.is(result.stdout, `${SECRET}-cmd\n`);
    if (priv) {
      assert.not.match(seen, SECRET);
    } else {
      assert.match(seen, `${SECRET}-cmd`, 'the control: ps does show a command line');
      assert.match(seen, `${SECRET}-env`);
    }
  }
});

test('a no_log task runs privately: its shell line and environment stay out of ps', async () => {
  const dir = await tempDir();
  writeFileSync(join(dir, 'inventory.yaml'), 'all:\n  hosts:\n    h: {connection: local}\n');
  writeFileSync(
    join(dir, 'play.yaml'),
    `- hosts: h\n  gather_facts: false\n  vars: {pw: ${SECRET}}\n  tasks:\n    - name: secret\n      shell: "sleep 1.5; test {{ pw }} = $TOKEN"\n      environment: {TOKEN: "{{ pw }}"}\n      no_log: true\n`,
  );
  const { seen, result } = await watchPs(runFixture(join(dir, 'play.yaml')));
  assert.is(result.summary.exitCode, 0);
  assert.not.match(seen, SECRET);
});

test.run();

// On a machine that has what the lab needs (CI installs it with `runbook lab doctor --install` first):
// `lab doctor` says so, and playbooks/lab-prerequisites.yaml applied to localhost with the whole list
// changes nothing — twice, the second run after whatever the first refreshed. policy-rc.d is left as it
// was. (Installing on a fresh machine is what `npm run demo` shows; the decisions are unit tested.)

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { REPO, labSkipReason, runbook } from './fixture.js';
import { REQUIREMENTS } from '../../src/lab/prerequisites.js';

const skip = labSkipReason();
const POLICY = '/usr/sbin/policy-rc.d';
const policy = () => (existsSync(POLICY) ? readFileSync(POLICY, 'utf8') : null);
const changed = (out: string) => Number(/^localhost\s*: ok=\d+\s+changed=(\d+)/m.exec(out)?.[1] ?? Number.NaN);

const t = skip ? (title: string) => test.skip(title, () => {}) : test;

t('lab doctor: nothing missing, exit 0', async () => {
  const r = await runbook(['lab', 'doctor']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`^everything the lab needs is here \\(${REQUIREMENTS.length} packages: `));
});

t('lab-prerequisites.yaml with every package: a rerun changes nothing, policy-rc.d untouched', async () => {
  const before = policy();
  const apply = () => runbook(['apply', 'lab-prerequisites.yaml'], { cwd: `${REPO}playbooks`, timeoutMs: 300_000 });
  const first = await apply();
  assert.is(first.code, 0, first.stdout + first.stderr);
  assert.match(first.stdout, /which of the packages are missing\nlocalhost\s+ok\s+apt: already as asked/);
  const second = await apply();
  assert.is(second.code, 0, second.stdout + second.stderr);
  assert.is(changed(second.stdout), 0, second.stdout);
  assert.is(policy(), before);
});

test.run();

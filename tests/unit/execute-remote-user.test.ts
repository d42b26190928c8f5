// remote_user: the play's (or task's) user logs in when the inventory names none; the inventory's user wins,
// as ansible_user does in Ansible; another remote_user once connected fails the task, saying why.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { localConnection } from '../../src/engine/connection/local.js';
import type { InventoryHost } from '../../src/engine/inventory/types.js';
import { writeTree } from './compile-tmp.js';
import { resultOf, runFixture } from './execute-harness.js';

const dir = writeTree({
  'inventory.yaml': 'all:\n  hosts:\n    plain: {host: 127.0.0.1}\n    owned: {host: 127.0.0.1, user: deploy}\n',
  'site.yaml': `
- hosts: all
  gather_facts: false
  remote_user: admin
  tasks:
    - name: first
      command: "true"
    - name: other user
      command: "true"
      remote_user: someone
`,
});

test('the play\'s remote_user logs in where the inventory names no user; a different one later is refused', async () => {
  const logins: Record<string, string | undefined> = {};
  const open = async (host: InventoryHost) => {
    logins[host.name] = host.connection.user;
    return localConnection(host.name);
  };
  const { events } = await runFixture(join(dir, 'site.yaml'), { open });
  assert.equal(logins, { plain: 'admin', owned: 'deploy' });
  assert.is(resultOf(events, 'first', 'plain').failed, false);
  const refused = resultOf(events, 'other user', 'plain');
  assert.is(refused.failed, true);
  assert.match(String(refused.msg), /remote_user someone: this host's connection is already logged in as admin/);
  // The inventory's user wins over any remote_user, so nothing is refused there.
  assert.is(resultOf(events, 'other user', 'owned').failed, false);
});

test.run();

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { graph, list } from '../../src/cli/commands/inventory.js';
import { loadInventory } from '../../src/engine/inventory/index.js';

const FILE = 'tests/fixtures/inventory/site/inventory.yaml';
const inventory = await loadInventory(FILE);

test('--graph draws the tree as ansible-inventory does: child groups, then hosts, by name', () => {
  assert.is(
    graph(inventory),
    [
      '@all:',
      '  |--@db:',
      '  |  |--db1',
      '  |  |--db2',
      '  |--@prod:',
      '  |  |--@db:',
      '  |  |  |--db1',
      '  |  |  |--db2',
      '  |  |--@web:',
      '  |  |  |--@web_eu:',
      '  |  |  |  |--web-eu-1',
      '  |  |  |--web1',
      '  |  |  |--web2',
      '  |--@staging:',
      '  |  |--web2',
      '  |--@ungrouped:',
      '  |  |--bastion',
      '  |--@web:',
      '  |  |--@web_eu:',
      '  |  |  |--web-eu-1',
      '  |  |--web1',
      '  |  |--web2',
    ].join('\n'),
  );
});

test('--list: groups with hosts and children, _meta.hostvars, and the connections', () => {
  const out = list(inventory) as Record<string, { hosts?: string[]; children?: string[] }> & { _meta: { hostvars: Record<string, Record<string, unknown>>; connections: Record<string, Record<string, unknown>> } };
  assert.equal(out.all, { children: ['web', 'db', 'prod', 'staging', 'ungrouped'] });
  assert.equal(out.web, { hosts: ['web1', 'web2'], children: ['web_eu'] });
  assert.is(out._meta.hostvars.web1!.http_port, 8080);
  assert.is(out._meta.connections['web-eu-1']!.port, 2200);
});

test('--host prints the groups, connection and vars as YAML; passwords are hidden', async () => {
  const { mkdtemp, writeFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = await mkdtemp(join(tmpdir(), 'runbook-inventory-cli-'));
  await writeFile(join(dir, 'inventory.yaml'), 'all:\n  hosts:\n    h:\n      password: s3cret\n      vars: {flag: "yes"}\n');
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'inventory', '-i', join(dir, 'inventory.yaml'), '--host', 'h']).toString();
  assert.match(out, '# h\ngroups:\n  - all\n  - ungrouped\nconnection:\n  connection: ssh\n  host: h\n');
  assert.match(out, 'password: <hidden>');
  assert.not.match(out, 's3cret');
  assert.match(out, 'flag: "yes"', 'quoted, so that YAML 1.1 reads it back as a string');
});

test.run();

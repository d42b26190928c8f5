import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InvalidInputError } from '../../src/engine/errors.js';
import { loadInventory, implicitInventory } from '../../src/engine/inventory/index.js';
import { parsePattern } from '../../src/engine/inventory/patterns.js';

// tests/fixtures/inventory/site: bastion (ungrouped); web: web1, web2 + child web_eu: web-eu-1;
// db: db1, db2; prod: web + db; staging: web2. localhost is not listed.
const inventory = await loadInventory('tests/fixtures/inventory/site/inventory.yaml');
const ALL = ['bastion', 'web1', 'web2', 'web-eu-1', 'db1', 'db2'];

const rows: [pattern: string, hosts: string[]][] = [
  ['all', ALL],
  ['*', ALL],
  ['web', ['web1', 'web2', 'web-eu-1']], // a group includes its children's hosts
  ['web_eu', ['web-eu-1']],
  ['db1', ['db1']],
  ['ungrouped', ['bastion']],
  ['web*', ['web1', 'web2', 'web-eu-1']], // glob over groups and hosts
  ['db?', ['db1', 'db2']],
  ['web[12]', ['web1', 'web2']],
  ['db:web_eu', ['web-eu-1', 'db1', 'db2']], // union, in inventory order
  ['db1,bastion', ['bastion', 'db1']],
  ['web:&staging', ['web2']], // intersection
  ['prod:!web_eu', ['web1', 'web2', 'db1', 'db2']], // exclusion
  ['!web:db:bastion', ['bastion', 'db1', 'db2']], // Ansible order: unions, then &, then !
  ['!db', ['bastion', 'web1', 'web2', 'web-eu-1']], // only exclusions: from all
  ['&staging', ['web2']],
  ['web:&prod:!web2', ['web1', 'web-eu-1']],
  [' web , db2 ', ['web1', 'web2', 'web-eu-1', 'db2']],
  ['localhost', ['localhost']], // the implicit localhost, by name only
  ['all:localhost', [...ALL, 'localhost']],
];

for (const [pattern, hosts] of rows) {
  test(`pattern ${JSON.stringify(pattern)} → ${hosts.join(', ')}`, () => {
    assert.equal(inventory.select(pattern), hosts);
  });
}

const errors: [pattern: string, message: string][] = [
  ['wbe', '"wbe" is neither a host nor a group of the inventory (did you mean "web"?)'],
  ['web:&stagin', '"stagin" is neither a host nor a group of the inventory (did you mean "staging"?)'],
  ['web:!db3', '"db3" is neither a host nor a group of the inventory (did you mean "db"?)'],
  ['zzz*', 'host pattern "zzz*" matches no host or group'],
  ['', 'empty host pattern'],
  ['  ', 'empty host pattern'],
  ['web:&', '"&" must be followed by a group or host name in host pattern "web:&"'],
  ['web:!', '"!" must be followed by a group or host name'],
  ['::', 'empty part at the start of host pattern "::"'],
  ['web::db', 'empty part between two separators of host pattern "web::db"'],
  ['web:', 'empty part at the end of host pattern "web:"'],
  ['web:&!db', '"&" must be followed by a group or host name'],
];

for (const [pattern, message] of errors) {
  test(`pattern ${JSON.stringify(pattern)} is an error: ${message}`, () => {
    const loc = { file: 'site.yaml', line: 2, col: 10 };
    try {
      inventory.select(pattern, loc);
      assert.unreachable('select must throw');
    } catch (e) {
      assert.instance(e, InvalidInputError);
      const problem = (e as InvalidInputError).problems[0]!;
      assert.ok(problem.message.startsWith(message), problem.message);
      assert.equal(problem.loc, loc);
      assert.ok(problem.hint);
    }
  });
}

test('parsePattern: the terms as written, with their operation; errors are plain Errors', () => {
  assert.equal(parsePattern('web:&prod,!db*').terms, [
    { op: 'union', name: 'web', glob: false },
    { op: 'intersect', name: 'prod', glob: false },
    { op: 'exclude', name: 'db*', glob: true },
  ]);
  assert.throws(() => parsePattern('web:&'), (e: Error) => e instanceof Error && /must be followed/.test(e.message));
});

test('without an inventory file there is only the implicit localhost', () => {
  const implicit = implicitInventory();
  assert.equal(implicit.select('localhost'), ['localhost']);
  assert.equal(implicit.select('all'), []);
  assert.is(implicit.host('localhost')?.connection.connection, 'local');
});

test.run();

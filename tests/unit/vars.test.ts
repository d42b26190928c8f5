import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compilePlaybook } from '../../src/engine/compile/index.js';
import { modules } from '../../src/modules/index.js';
import type { CompiledBlock, CompiledTask, TaskNode } from '../../src/engine/compile/types.js';
import { TemplateError } from '../../src/engine/errors.js';
import { loadInventory } from '../../src/engine/inventory/index.js';
import { loadYaml, parseYaml } from '../../src/engine/load/yaml.js';
import { renderString } from '../../src/engine/expressions/template.js';
import { mergeVars, type VarLayers } from '../../src/engine/execute/vars.js';

// The whole precedence ladder from real files: the inventory loader gives the host's inventory vars (all,
// parent group, child group, host), the compiler gives play vars + vars_files, role defaults/vars, block
// and task vars; facts, registered results and extra vars are what the executor would pass.
const DIR = 'tests/fixtures/inventory/precedence';
const inventory = await loadInventory(`${DIR}/inventory.yaml`);
const playbook = await compilePlaybook(`${DIR}/playbook.yaml`, { modules });
const play = playbook.plays[0]!;
const playYaml = (await loadYaml(`${DIR}/playbook.yaml`)).value as { vars: Record<string, unknown> }[];

function findTask(nodes: TaskNode[]): CompiledTask | undefined {
  for (const n of nodes) {
    if (n.kind === 'task') return n;
    if (n.kind === 'block') return findTask((n as CompiledBlock).block);
  }
  return undefined;
}
const task = findTask(play.tasks)!;
const host = inventory.host('h')!;

const layers: VarLayers = {
  roleDefaults: [play.roleDefaults, task.scope.roleDefaults!],
  inventory: host.vars,
  facts: { facts_over_host: 'facts', play_over_facts: 'facts' },
  play: play.vars,
  roleVars: task.scope.roleVars,
  blockVars: task.scope.blockVars,
  taskVars: task.scope.taskVars,
  host: { registered_over_task: 'registered', extra_over_registered: 'registered' },
  extra: { extra_over_registered: 'extra', inventory_hostname: 'from -e' },
  magic: { inventory_hostname: 'h' },
};
const merged = mergeVars(layers);
const group = (name: string) => inventory.groups.get(name)!.vars;

// One row per level: the variable, the value it must have (the higher level's), and where the lower
// level's value can be seen (so each row proves the higher level really beat something).
const ladder: { higher: string; lower: string; name: string; lowerValue: () => unknown }[] = [
  { higher: 'all', lower: 'role defaults', name: 'all_over_defaults', lowerValue: () => play.roleDefaults.all_over_defaults },
  { higher: 'parent', lower: 'all', name: 'parent_over_all', lowerValue: () => group('all').parent_over_all },
  { higher: 'child', lower: 'parent', name: 'child_over_parent', lowerValue: () => group('parent').child_over_parent },
  { higher: 'host', lower: 'child', name: 'host_over_child', lowerValue: () => group('child').host_over_child },
  { higher: 'facts', lower: 'host', name: 'facts_over_host', lowerValue: () => host.vars.facts_over_host },
  { higher: 'play', lower: 'facts', name: 'play_over_facts', lowerValue: () => layers.facts!.play_over_facts },
  { higher: 'vars_files', lower: 'play', name: 'files_over_play', lowerValue: () => playYaml[0]!.vars.files_over_play },
  { higher: 'role vars', lower: 'vars_files', name: 'rolevars_over_files', lowerValue: () => play.vars.rolevars_over_files },
  { higher: 'outer block', lower: 'role vars', name: 'block_over_rolevars', lowerValue: () => task.scope.roleVars!.block_over_rolevars },
  { higher: 'inner block', lower: 'outer block', name: 'inner_block_over_outer', lowerValue: () => task.scope.blockVars[0]!.inner_block_over_outer },
  { higher: 'task', lower: 'inner block', name: 'task_over_block', lowerValue: () => task.scope.blockVars[1]!.task_over_block },
  { higher: 'registered', lower: 'task', name: 'registered_over_task', lowerValue: () => task.scope.taskVars!.registered_over_task },
  { higher: 'extra', lower: 'registered', name: 'extra_over_registered', lowerValue: () => layers.host!.extra_over_registered },
  { higher: 'h', lower: 'from -e', name: 'inventory_hostname', lowerValue: () => layers.extra!.inventory_hostname },
];

for (const row of ladder) {
  test(`precedence: ${row.higher} wins over ${row.lower} (${row.name})`, () => {
    assert.is(row.lowerValue(), row.lower, 'the lower level defines the variable too');
    assert.is(merged[row.name], row.higher);
  });
}

test('mappings are replaced whole, not merged key by key (hash_behaviour=replace)', () => {
  const v = mergeVars({ inventory: { dns: { servers: ['a'], domain: 'lan' } }, play: { dns: { servers: ['b'] } } });
  assert.equal(v.dns, { servers: ['b'] });
});

test('lazy: a value is rendered against the merged view, whichever layer defines what it uses', () => {
  const v = mergeVars({ roleDefaults: [{ vm_ip: '{{ subnet }}.1', vm_cidr: '{{ vm_ip }}/24' }], extra: { subnet: '10.0.0' } });
  assert.is(v.vm_cidr, '10.0.0.1/24');
  assert.is(renderString('{{ vm_ip }}', v), '10.0.0.1');
});

test('lazy: single-expression values keep their native type, nested templates are rendered', () => {
  const v = mergeVars({ play: { servers: ['a', 'b'], all_servers: '{{ servers }}', port: 53, cfg: { port: '{{ port }}', list: ['{{ port }}x'] } } });
  assert.equal(v.all_servers, ['a', 'b']);
  assert.equal(v.cfg, { port: 53, list: ['53x'] });
});

test('lazy: a value is rendered once and memoized (the same object on every read)', () => {
  const v = mergeVars({ play: { port: 53, cfg: { port: '{{ port }}' } } });
  const first = v.cfg;
  assert.ok(first === v.cfg);
  assert.equal(Object.getOwnPropertyDescriptor(v, 'cfg')?.value, { port: 53 }, 'the getter was replaced by the value');
});

test('lazy: a broken value nobody reads does not fail', () => {
  const v = mergeVars({ play: { broken: '{{ nope }}', fine: 1 } });
  assert.is(v.fine, 1);
});

test('lazy: a cycle is a TemplateError naming the chain, located where the variable was written', () => {
  const doc = parseYaml('a: "{{ b }}"\nb: "x{{ c }}"\nc: "{{ a }}"\n', 'vars.yaml');
  const v = mergeVars({ play: doc.value as Record<string, unknown> });
  try {
    renderString('{{ a }}', v);
    assert.unreachable('a cycle must throw');
  } catch (e) {
    assert.instance(e, TemplateError);
    assert.match((e as TemplateError).message, 'a → b → c → a');
    assert.equal((e as TemplateError).loc, { file: 'vars.yaml', line: 1, col: 4 });
  }
});

test('lazy: an undefined name inside a variable says which variable, where it was written, and who needed it', () => {
  const doc = parseYaml('subnet_ip: "{{ subnet }}.1"\nvm_ip: "{{ subnet_ip }}"\n', 'group_vars/all.yaml');
  const v = mergeVars({ inventory: doc.value as Record<string, unknown> });
  try {
    renderString('{{ vm_ip }}', v, { file: 'task.yaml', line: 3, col: 5 });
    assert.unreachable();
  } catch (e) {
    const err = e as TemplateError;
    assert.match(err.message, "'subnet' is undefined");
    assert.match(err.message, "in variable 'subnet_ip' (needed by 'vm_ip')");
    assert.equal(err.loc, { file: 'group_vars/all.yaml', line: 1, col: 12 });
  }
});

test('facts, registered results and magic variables are data: never rendered', () => {
  const v = mergeVars({ facts: { motd: '{{ x }}' }, host: { out: { stdout: '{{ y }}' } }, magic: { z: '{{ z }}' } });
  assert.is(v.motd, '{{ x }}');
  assert.equal(v.out, { stdout: '{{ y }}' });
  assert.is(v.z, '{{ z }}');
});

test('a templated value overridden by a plain one in a higher layer is never rendered', () => {
  const v = mergeVars({ roleDefaults: [{ a: '{{ nope }}' }], extra: { a: 'plain' } });
  assert.is(v.a, 'plain');
});

test('assigning to the view replaces a lazy value (loop variables)', () => {
  const v = mergeVars({ play: { item: '{{ nope }}' } });
  v.item = 3;
  assert.is(renderString('{{ item }}', v), 3);
});

test.run();

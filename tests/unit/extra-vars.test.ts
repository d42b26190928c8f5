import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InvalidInputError } from '../../src/engine/errors.js';
import { parseExtraVars } from '../../src/engine/load/extra-vars.js';

const DIR = 'tests/fixtures/inventory/extra-vars';

async function problems(args: string[]): Promise<string[]> {
  try {
    await parseExtraVars(args);
  } catch (e) {
    assert.instance(e, InvalidInputError);
    return (e as InvalidInputError).problems.map((p) => `${p.loc ? `${p.loc.file}:${p.loc.line}:${p.loc.col}: ` : ''}${p.message}`);
  }
  throw new Error('expected InvalidInputError');
}

test('k=v gives strings, as in Ansible; several pairs per -e, shell-style quotes', async () => {
  assert.equal(await parseExtraVars(['port=8080', 'flag=true']), { port: '8080', flag: 'true' });
  assert.equal(await parseExtraVars([`a=1 b='x y' c="q\\"t" d=`]), { a: '1', b: 'x y', c: 'q"t', d: '' });
  assert.equal(await parseExtraVars(['url=http://h/?a=b']), { url: 'http://h/?a=b' }, 'only the first = splits');
});

test('an inline JSON or YAML mapping keeps types', async () => {
  assert.equal(await parseExtraVars(['{"ports": [80, 443], "on": true}']), { ports: [80, 443], on: true });
  assert.equal(await parseExtraVars(['{vm_ip: 10.0.0.1, debug: yes}']), { vm_ip: '10.0.0.1', debug: true });
});

test('@file.yaml loads a vars file', async () => {
  assert.equal(await parseExtraVars([`@${DIR}/ok.yaml`]), { ports: [80, 443], name: 'from-file' });
});

test('a later -e wins', async () => {
  assert.equal(await parseExtraVars([`@${DIR}/ok.yaml`, 'name=cli', '{"ports": []}']), { ports: [], name: 'cli' });
});

test('every problem of every -e at once, located when in a file', async () => {
  const found = await problems(['novalue', '1x=2', `@${DIR}/bad.yaml`, '@missing.yaml', "a='open", '{a: [1}']);
  const expected = [
    '-e novalue: "novalue" is not name=value',
    '-e 1x=2: "1x" is not a variable name',
    `${DIR}/bad.yaml:1:1: invalid name "bad-name"`,
    'file not found: missing.yaml',
    "-e a='open: unterminated ' quote",
    '-e #6:1:7: Flow sequence in block collection must be sufficiently indented',
  ];
  for (const fragment of expected) assert.ok(found.some((f) => f.startsWith(fragment)), `${fragment}\nnot in\n${found.join('\n')}`);
});

test.run();

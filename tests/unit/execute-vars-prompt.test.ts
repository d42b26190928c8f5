// vars_prompt: asked at the start of the play (hidden by default, confirm asks twice, empty takes the
// default), skipped for -e values; without a terminal the default, and no default fails at the prompt.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { InvalidInputError, formatProblem } from '../../src/engine/errors.js';
import { writeTree } from './compile-tmp.js';
import { fixture, resultOf, runFixture } from './execute-harness.js';

const file = join(
  writeTree({
    'site.yaml': `
- hosts: alpha
  gather_facts: false
  vars_prompt:
    - name: who
      prompt: Who are you
      private: false
    - name: secret
      prompt: Secret
      confirm: true
    - name: colour
      default: blue
  tasks:
    - name: show
      debug: {msg: "{{ who }} {{ secret }} {{ colour }}"}
`,
  }),
  'site.yaml',
);
const inventoryFile = fixture('exec/inventory.yaml');

test('answers join the play vars; private is the default; an empty answer takes the default; -e is not asked', async () => {
  const asked: [string, boolean][] = [];
  const answers = ['ann', 's3', 's3', ''];
  const ask = async (q: string, hidden: boolean) => (asked.push([q, hidden]), answers.shift()!);
  const { events } = await runFixture(file, { inventoryFile, ask, extraVars: {} });
  assert.is(resultOf(events, 'show', 'alpha').msg, 'ann s3 blue');
  assert.equal(asked, [['Who are you: ', false], ['Secret: ', true], ['confirm Secret: ', true], ['colour [blue]: ', true]]);

  const noAsk = async (): Promise<string> => {
    assert.unreachable('nothing is asked when every value is given');
    return '';
  };
  const given = await runFixture(file, { inventoryFile, ask: noAsk, extraVars: { who: 'bob', secret: 'x', colour: 'red' } });
  assert.is(resultOf(given.events, 'show', 'alpha').msg, 'bob x red');
});

test('without a terminal a prompt without default fails at its line, before any task', async () => {
  try {
    await runFixture(file, { inventoryFile, ask: null, extraVars: { who: 'x' } });
    assert.unreachable('should fail');
  } catch (e) {
    assert.instance(e, InvalidInputError);
    assert.match((e as InvalidInputError).problems.map(formatProblem).join('\n'), /site\.yaml:8:7: vars_prompt secret: there is no terminal to ask on/);
  }
  const { events } = await runFixture(file, { inventoryFile, ask: null, extraVars: { who: 'x', secret: 'y' } });
  assert.is(resultOf(events, 'show', 'alpha').msg, 'x y blue');
});

test.run();

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { argv, cmd, quote, withEnv } from '../../src/engine/quote.js';

const hostile = [`'; touch /tmp/pwned #`, '$(touch /tmp/pwned)', '`id`', 'a\nb', "it's", '', '-n', '*', '"$HOME"'];

test('quote round-trips any string through a real sh unchanged', () => {
  for (const s of hostile) {
    const out = execFileSync('sh', ['-c', `printf %s ${quote(s)}`]).toString();
    assert.is(out, s);
  }
});

test('cmd quotes every interpolation, arrays become several words', () => {
  const line = cmd`printf '%s|' ${'a b'} ${['c', "d'e"]}`;
  assert.is(execFileSync('sh', ['-c', line]).toString(), "a b|c|d'e|");
  assert.is(argv(['x', 'y z']), "x 'y z'");
});

test('withEnv passes values verbatim and refuses bad names', () => {
  const line = withEnv({ FOO: "a 'b' $(c)" }, `sh -c 'printf %s "$FOO"'`);
  assert.is(execFileSync('sh', ['-c', line]).toString(), "a 'b' $(c)");
  assert.throws(() => withEnv({ 'BAD NAME': 'x' }, 'true'));
});

test('withEnv gives every statement of a script the variables', () => {
  const line = withEnv({ A: '1', B: 'two' }, 'printf %s "$A"; printf %s "$B"');
  assert.is(execFileSync('sh', ['-c', line]).toString(), '1two');
});

test.run();

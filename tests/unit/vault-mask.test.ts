// What mask.ts promises: every occurrence of a registered secret becomes `(secret)`, in text and in any
// structure (keys too); a multi-line secret also line by line (diffs print it so); the longest secret wins
// when one contains another; values too short to mask are left alone; nothing is copied without secrets.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { clearSecrets, hasSecrets, maskDeep, maskText, registerSecret, registerSecretsIn } from '../../src/engine/vault/mask.js';

test('text: every occurrence, longest first, short values left alone', () => {
  clearSecrets();
  const event = { a: ['x'] };
  assert.is(maskDeep(event), event, 'no secret: the same object');
  registerSecret('abc');
  registerSecret('abcdef');
  registerSecret('no');
  assert.ok(hasSecrets());
  assert.is(maskText('abcdef abc abcabc no'), '(secret) (secret) (secret)(secret) no');
});

test('structures: strings and keys masked, numbers kept, JSON stays JSON; multi-line secrets line by line', () => {
  clearSecrets();
  registerSecret('line-one\nline-two "quoted"');
  registerSecretsIn({ k: ['in-a-list', 42, { deep: 'deep-value' }] });
  const masked = maskDeep({ msg: 'x line-one\nline-two "quoted" y', diff: { after: '+line-two "quoted"\n' }, n: 42, 'in-a-list': true, arr: ['deep-value'] });
  assert.equal(masked, { msg: 'x (secret) y', diff: { after: '+(secret)\n' }, n: 42, '(secret)': true, arr: ['(secret)'] });
  assert.ok(JSON.parse(JSON.stringify(masked)));
  clearSecrets();
});

test.run();

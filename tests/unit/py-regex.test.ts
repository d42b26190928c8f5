import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compilePyRegex, expandTemplate } from '../../src/engine/expressions/py-regex.js';

const search = (pattern: string, text: string) => compilePyRegex(pattern).re.exec(text);

test('$ matches at the end or before a final newline, never before an inner one', () => {
  assert.ok(search('^foo$', 'foo\n'));
  assert.ok(search('^foo$', 'foo'));
  assert.not.ok(search('^foo$', 'foo\nbar'));
  assert.ok(search('foo\\n$', 'foo\n'), 'the newline itself can be matched too');
});

test('. matches \\r but not \\n; (?s) makes it match \\n', () => {
  assert.equal(search('^a.$', 'a\r\n')?.[0], 'a\r');
  assert.not.ok(search('a.b', 'a\nb'));
  assert.ok(search('(?s)a.b', 'a\nb'));
});

test('(?m): ^ and $ at \\n only, as Python (a \\r is not a line end)', () => {
  assert.ok(search('(?m)^b$', 'a\nb\nc'));
  assert.not.ok(search('(?m)^b$', 'a\nb\r\nc'));
  assert.ok(compilePyRegex('(?m)x').multiline);
});

test('Python-only syntax: named groups, \\A \\Z, ] first in a class, (?i), ASCII \\s', () => {
  assert.equal({ ...search('(?P<k>\\w+)=(?P=k)', 'ab=ab')?.groups }, { k: 'ab' });
  assert.ok(search('\\Afoo', 'foo'));
  assert.not.ok(search('foo\\Z', 'foo\n'));
  assert.ok(search('[]x]', ']'));
  assert.ok(search('[^]x]', 'a'));
  assert.ok(search('(?i)HELLO', 'hello'));
  assert.not.ok(search('\\s', '\u00a0'), 'a non-breaking space is not \\s in a bytes pattern');
  assert.throws(() => compilePyRegex('(?x) a b'), /verbose/);
});

test('expandTemplate follows match.expand: groups, named groups, escapes', () => {
  const m = /(?<a>x)(y)?(z)/.exec('xz')!;
  assert.is(expandTemplate('\\1-\\2-\\3', m), 'x--z', 'an unmatched group is empty');
  assert.is(expandTemplate('\\g<a>\\g<3>', m), 'xz');
  assert.is(expandTemplate('a\\tb\\\\n\\n', m), 'a\tb\\n\n');
  assert.is(expandTemplate('\\&', m), '\\&', 'unknown non-letter escapes stay');
  assert.throws(() => expandTemplate('\\9', m), /invalid group reference/);
  assert.throws(() => expandTemplate('\\q', m), /bad escape/);
});

test.run();

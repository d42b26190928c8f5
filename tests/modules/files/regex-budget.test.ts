// Regular expressions from playbooks run in a worker thread with a deadline: a catastrophic pattern fails the
// task with the pattern and a hint instead of freezing every host (and Ctrl-C) on the main thread.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InterruptedError, ModuleFailure } from '../../../src/engine/errors.js';
import { editBlock } from '../../../src/modules/files/blockinfile-plan.js';
import { editLines } from '../../../src/modules/files/lineinfile-plan.js';
import { budgetMs, DEFAULT_BUDGET_MS, liveWorkers, MAX_WORKERS, patternsOf, runEdit } from '../../../src/modules/files/regex-budget.js';

// Python and JavaScript both backtrack 2^30 ways on this line before giving up: minutes, not milliseconds.
const EVIL = { state: 'present', regexp: '^(a+)+$', line: 'x' } as const;
const LINES = [`${'a'.repeat(30)}!\n`];

test('a catastrophic regexp fails with the pattern, the file and a hint, and the main thread keeps running', async () => {
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 20);
  try {
    await runEdit({ kind: 'lines', lines: LINES, params: EVIL }, '/etc/f', undefined, 400);
    assert.unreachable('the edit should have been stopped');
  } catch (e) {
    assert.instance(e, ModuleFailure);
    const f = e as ModuleFailure;
    assert.match(f.message, '"^(a+)+$"');
    assert.match(f.message, '/etc/f');
    assert.match(f.hint ?? '', 'nested repetition');
    assert.equal(f.data.patterns, ['^(a+)+$']);
  } finally {
    clearInterval(ticker);
  }
  // Timers fired while the pattern ran: it did not run on this thread.
  assert.ok(ticks > 0, 'the event loop was blocked');
});

test('blockinfile insertafter is under the same budget', async () => {
  const params = { state: 'present', block: 'b', marker: '# {mark}', marker_begin: 'BEGIN', marker_end: 'END', insertafter: '^(a|a)+$' } as const;
  const e = await runEdit({ kind: 'block', text: LINES[0]!, params }, '/f', undefined, 400).catch((x: unknown) => x);
  assert.instance(e, ModuleFailure);
});

test('an edit in the worker gives exactly the in-process result; the worker is reused', async () => {
  const lines = ['SELINUX=enforcing\n', '#a\n'];
  const params = { state: 'present', regexp: '^SELINUX=', line: 'SELINUX=permissive' } as const;
  for (let i = 0; i < 3; i++) assert.equal(await runEdit({ kind: 'lines', lines, params }, '/f'), editLines(lines, params));
  const bp = { state: 'present', block: 'x', marker: '# {mark}', marker_begin: 'BEGIN', marker_end: 'END', insertbefore: '^#a' } as const;
  assert.equal(await runEdit({ kind: 'block', text: lines.join(''), params: bp }, '/f'), editBlock(lines.join(''), bp));
});

test('an invalid pattern is rethrown with its message', async () => {
  const e = (await runEdit({ kind: 'lines', lines: ['a\n'], params: { state: 'absent', regexp: '(' } }, '/f').catch((x: unknown) => x)) as Error;
  assert.is(e.name, 'SyntaxError');
  assert.match(e.message, 'Unterminated group');
});

test('Ctrl-C (the abort signal) stops a running match at once', async () => {
  const ac = new AbortController();
  const p = runEdit({ kind: 'lines', lines: LINES, params: EVIL }, '/f', ac.signal, 60_000);
  setTimeout(() => ac.abort(), 50);
  const e = await p.catch((x: unknown) => x);
  assert.instance(e, InterruptedError);
});

test('many edits at once (one per host in flight) share a pool of at most MAX_WORKERS workers', async () => {
  const lines = ['SELINUX=enforcing\n'];
  const params = { state: 'present', regexp: '^SELINUX=', line: 'SELINUX=permissive' } as const;
  let most = 0;
  const edits = Array.from({ length: 4 * MAX_WORKERS + 3 }, async () => {
    const r = await runEdit({ kind: 'lines', lines, params }, '/f');
    most = Math.max(most, liveWorkers());
    return r;
  });
  const sampler = setInterval(() => (most = Math.max(most, liveWorkers())), 1);
  const results = await Promise.all(edits).finally(() => clearInterval(sampler));
  for (const r of results) assert.equal(r, editLines(lines, params));
  assert.ok(most >= 1 && most <= MAX_WORKERS, `at most ${MAX_WORKERS} workers alive, saw ${most}`);
});

test('a catastrophic edit frees its place: the edits waiting behind a full pool still run, and an abort while waiting ends at once', async () => {
  const slow = Array.from({ length: MAX_WORKERS }, () => runEdit({ kind: 'lines', lines: LINES, params: EVIL }, '/f', undefined, 300).catch((x: unknown) => x));
  const ac = new AbortController();
  const aborted = runEdit({ kind: 'lines', lines: ['a\n'], params: { state: 'present', regexp: '^a', line: 'b' } }, '/f', ac.signal).catch((x: unknown) => x);
  const waiter = runEdit({ kind: 'lines', lines: ['a\n'], params: { state: 'present', regexp: '^a', line: 'b' } }, '/f');
  ac.abort();
  assert.instance(await aborted, InterruptedError);
  for (const e of await Promise.all(slow)) assert.instance(e, ModuleFailure);
  assert.equal(await waiter, editLines(['a\n'], { state: 'present', regexp: '^a', line: 'b' }));
  assert.ok(liveWorkers() <= MAX_WORKERS);
});

test('which parameters are patterns: BOF/EOF are keywords, search_string and line never are', () => {
  assert.equal(patternsOf({ kind: 'lines', lines: [], params: { state: 'present', line: 'x', search_string: '(a+)+', insertafter: 'EOF' } }), []);
  assert.equal(patternsOf({ kind: 'lines', lines: [], params: { state: 'present', line: 'x', regexp: 'r', insertbefore: 'i' } }), ['r', 'i']);
  const block = { state: 'present', block: '', marker: 'm', marker_begin: 'B', marker_end: 'E' } as const;
  assert.equal(patternsOf({ kind: 'block', text: null, params: { ...block, insertbefore: 'BOF' } }), []);
  assert.equal(patternsOf({ kind: 'block', text: null, params: { ...block, insertafter: 'x' } }), ['x']);
});

test('the budget: 5 s unless RUNBOOK_REGEX_BUDGET_MS says otherwise', () => {
  assert.is(budgetMs({}), DEFAULT_BUDGET_MS);
  assert.is(budgetMs({ RUNBOOK_REGEX_BUDGET_MS: '250' }), 250);
  assert.is(budgetMs({ RUNBOOK_REGEX_BUDGET_MS: 'soon' }), DEFAULT_BUDGET_MS);
});

test.run();

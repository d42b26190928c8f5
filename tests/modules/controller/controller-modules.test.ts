// debug, assert, set_fact, fail: controller only, they never change anything.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TemplateError } from '../../../src/engine/errors.js';
import { assert as assertModule } from '../../../src/modules/controller/assert.js';
import { debug } from '../../../src/modules/controller/debug.js';
import { fail } from '../../../src/modules/controller/fail.js';
import { setFact } from '../../../src/modules/controller/set-fact.js';
import { withLocal } from '../../helpers/local-tester.js';
import { failure } from '../../helpers/module-tester.js';

const vars = { port: 2181, records: [{ ip: '192.168.33.2', name: 'zk' }], name: 'zk' };

test('debug: msg (default Hello world!), var by name, an undefined var as Ansible prints it', () =>
  withLocal(
    async (h) => {
      assert.equal((await h.plan(debug, {})).data, { msg: 'Hello world!' });
      assert.equal((await h.plan(debug, { msg: ['a', 1] })).data, { msg: ['a', 1] });
      assert.equal((await h.plan(debug, { var: 'records[0].name' })).data, { 'records[0].name': 'zk' });
      assert.equal((await h.plan(debug, { var: 'nope' })).data, { nope: 'VARIABLE IS NOT DEFINED!' });
      assert.is((await failure(() => h.plan(debug, { var: 'port', msg: 'x' }))).message, "'msg' and 'var' are incompatible options");
    },
    { vars },
  ));

test('assert: every expression must be exactly true; the failing one is named', () =>
  withLocal(
    async (h) => {
      const ok = await h.plan(assertModule, { that: ['port == 2181', "name == 'zk'"] });
      assert.equal(ok.changes, []);
      assert.equal(ok.data, { msg: 'All assertions passed', evaluated_to: true });
      const e = await failure(() => h.plan(assertModule, { that: ['port == 2181', 'port > 3000'], fail_msg: 'port too low' }));
      assert.is(e.message, 'port too low');
      assert.equal(e.data, { assertion: 'port > 3000', evaluated_to: false });
      assert.is((await failure(() => h.plan(assertModule, { that: 'port > 3000' }))).message, 'Assertion failed');
      assert.match((await failure(() => h.plan(assertModule, { that: 'port' }))).message, 'gave 2181, not true or false');
      try {
        await h.plan(assertModule, { that: 'undefined_thing == 1' });
        assert.unreachable();
      } catch (err) {
        assert.instance(err, TemplateError);
      }
    },
    { vars },
  ));

test('set_fact: any valid names become host variables; cacheable is accepted', () =>
  withLocal(async (h) => {
    const plan = await h.plan(setFact, { a: 1, b_list: [1, 2], cacheable: true });
    assert.equal(plan.facts, { a: 1, b_list: [1, 2] });
    assert.equal(plan.changes, []);
    await h.plan(setFact, { 'bad-name': 1 }).then(
      () => assert.unreachable('an invalid variable name is refused'),
      (e: Error) => assert.match(e.message, 'invalid params'),
    );
  }));

test('fail: its message, or Ansible\'s default', () =>
  withLocal(async (h) => {
    assert.is((await failure(() => h.plan(fail, {}))).message, 'Failed as requested from task');
    assert.is((await failure(() => h.plan(fail, { msg: 'no' }))).message, 'no');
  }));

test.run();

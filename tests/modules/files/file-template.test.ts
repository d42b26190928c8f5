import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileTemplate, template } from '../../../src/modules/files/file-template.js';
import { TemplateError } from '../../../src/engine/errors.js';
import { withLocal } from '../../helpers/local-tester.js';

const templates = { 'templates/ifcfg.hbs': 'DEVICE={{ device }}\n{{#each addrs}}IPADDR{{@index}}={{this}}\n{{/each}}' };

test('renders with the task variables and writes only when the result differs', () =>
  withLocal(
    async (h) => {
      const dest = h.path('ifcfg-docker1');
      const r = await h.converge(fileTemplate, { src: 'ifcfg.hbs', dest, mode: '0644' });
      assert.is(readFileSync(dest, 'utf8'), 'DEVICE=docker1\nIPADDR0=192.168.33.2\nIPADDR1=192.168.33.3\n');
      assert.is(r.result.src, 'ifcfg.hbs');
    },
    { controllerFiles: templates, vars: { device: 'docker1', addrs: ['192.168.33.2', '192.168.33.3'] } },
  ));

test('--diff data: a changed rendering carries the real before and after texts', () =>
  withLocal(
    async (h) => {
      const dest = h.path('ifcfg-docker1');
      writeFileSync(dest, 'DEVICE=docker0\nIPADDR0=10.0.0.1\n');
      const r = await h.converge(fileTemplate, { src: 'ifcfg.hbs', dest });
      assert.equal(r.first.changes.map((c) => c.summary), [`update content of ${dest}`]);
      assert.equal(r.first.changes[0]!.diff, {
        header: dest,
        before: 'DEVICE=docker0\nIPADDR0=10.0.0.1\n',
        after: 'DEVICE=docker1\nIPADDR0=192.168.33.2\n',
      });
    },
    { controllerFiles: templates, vars: { device: 'docker1', addrs: ['192.168.33.2'] } },
  ));

test('an undefined variable is a template error naming it; nothing is written', () =>
  withLocal(
    async (h) => {
      const dest = h.path('out');
      try {
        await h.plan(fileTemplate, { src: 'ifcfg.hbs', dest });
        assert.unreachable('should fail');
      } catch (e) {
        assert.instance(e, TemplateError);
        assert.match((e as Error).message, 'device');
      }
      assert.not.ok(await import('node:fs').then((fs) => fs.existsSync(dest)));
    },
    { controllerFiles: templates, vars: { addrs: [] } },
  ));

test('template is the same module under Ansible\'s name', () =>
  withLocal(
    async (h) => {
      await h.converge(template, { src: 'ifcfg.hbs', dest: h.path('t') });
      assert.is(readFileSync(h.path('t'), 'utf8'), 'DEVICE=eth1\n');
    },
    { controllerFiles: templates, vars: { device: 'eth1', addrs: [] } },
  ));

test.run();

// Differential tests: the corpus in tests/fixtures/jinja/ rendered by ansible-core and by runbook's engine,
// compared byte for byte. Ansible is the oracle, run once for the whole corpus (tests/helpers/ansible-oracle.ts);
// runbook renders the same in-process with the functions the executor uses. Cases listed under `differs`
// are deliberate differences (docs/templating.md): they must still differ, so the list cannot go stale.
// Without ansible-playbook the suite skips with a message — except under CI=true, where that is a failure.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseYaml } from '../../src/engine/load/yaml.js';
import { evaluateCondition } from '../../src/engine/expressions/condition.js';
import { renderString, renderText } from '../../src/engine/expressions/template.js';
import { frame, oracleMissing, runOracle, type OracleOutput, type Outcome } from '../helpers/ansible-oracle.js';

const DIR = resolve('tests/fixtures/jinja');
const varsFile = join(DIR, 'vars/main.yaml');
const extraVars = { playbook_fixtures: DIR };
const vars = { ...(parseYaml(readFileSync(varsFile, 'utf8'), varsFile).value as Record<string, unknown>), ...extraVars };

interface Corpus {
  text: Record<string, string>;
  fail: Record<string, string>;
  conditions: Record<string, string>;
  differs: Record<string, string>;
}
const corpusFile = join(DIR, 'expressions.yaml');
const corpus = parseYaml(readFileSync(corpusFile, 'utf8'), corpusFile).value as Corpus;
const templateFiles = (sub: string) =>
  readdirSync(join(DIR, sub))
    .filter((f) => f.endsWith('.j2') && !f.startsWith('_')) // _partial.j2 is only included
    .sort()
    .map((f) => join(DIR, sub, f));
const templates = templateFiles('templates');
const failingTemplates = templateFiles('templates-fail');

function mine(f: () => string): Outcome {
  try {
    return { ok: true, text: f() };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

const show = (o: Outcome | undefined) => (o === undefined ? 'nothing' : o.ok ? JSON.stringify(o.text) : `error: ${o.error}`);

/** Equal outcomes: both the same text, or both failed (the messages are each tool's own). */
function agree(theirs: Outcome | undefined, ours: Outcome): boolean {
  return theirs !== undefined && theirs.ok === ours.ok && (!theirs.ok || theirs.text === (ours as { text: string }).text);
}

/** Rendered by the `template` module too: the lookup the oracle uses for speed must write the same bytes. */
const VIA_MODULE = ['config-file.j2', 'whitespace.j2', 'trim-blocks.j2'];

const missing = oracleMissing();
if (missing && process.env.CI === 'true') throw new Error(`CI=true and ${missing}`);

const s = suite<{ oracle?: OracleOutput }>('jinja oracle');
if (missing) {
  console.log(`jinja-oracle: skipped — ${missing}`);
  s.skip('differential Jinja corpus (ansible-playbook missing)', () => {});
} else {
  s.before((ctx) => {
    ctx.oracle = runOracle({
      varsFile,
      vars: extraVars,
      expressions: corpus.text,
      failing: corpus.fail,
      conditions: corpus.conditions,
      templates,
      failingTemplates,
      viaModule: VIA_MODULE,
    });
  });

  s('the corpus is as large as issue 11 asks', () => {
    assert.ok(Object.keys(corpus.text).length + Object.keys(corpus.fail).length >= 40);
    assert.ok(templates.length >= 15);
    for (const name of Object.keys(corpus.differs)) assert.ok(name in corpus.text, `differs names an unknown case ${name}`);
  });

  s('the template lookup renders what the template module writes', ({ oracle }) => {
    for (const name of VIA_MODULE) {
      const [lookup, module] = [oracle!.templates.get(name), oracle!.viaModule.get(name)];
      assert.ok(module && agree(lookup, module), `${name}: lookup ${show(lookup)}, module ${show(module)}`);
    }
  });

  for (const [name, expr] of Object.entries(corpus.text)) {
    s(`expression ${name}: ${expr}`, ({ oracle }) => {
      const theirs = oracle!.expressions.get(name);
      assert.ok(theirs?.ok, `Ansible failed on a case meant to succeed: ${show(theirs)}`);
      const ours = mine(() => String(renderString(frame(expr), vars)));
      if (name in corpus.differs) assert.not.ok(agree(theirs, ours), `listed as a difference but now equal: remove it from differs and the docs`);
      else assert.is(show(ours), show(theirs));
    });
  }

  for (const [name, expr] of Object.entries(corpus.fail)) {
    s(`expression ${name} fails in both: ${expr}`, ({ oracle }) => {
      const theirs = oracle!.expressions.get(name);
      assert.ok(theirs && !theirs.ok, `Ansible did not fail: ${show(theirs)}`);
      const ours = mine(() => String(renderString(frame(expr), vars)));
      assert.not.ok(ours.ok, `runbook rendered ${show(ours)}; Ansible failed with: ${show(theirs)}`);
    });
  }

  for (const [name, expr] of Object.entries(corpus.conditions)) {
    s(`condition ${name}: ${expr}`, ({ oracle }) => {
      const theirs = oracle!.conditions.get(name);
      assert.ok(theirs?.ok, `Ansible failed: ${JSON.stringify(theirs)}`);
      assert.is(evaluateCondition(expr, vars), theirs.ran);
    });
  }

  for (const file of templates) {
    const name = file.slice(file.lastIndexOf('/') + 1);
    s(`template ${name}`, ({ oracle }) => {
      const theirs = oracle!.templates.get(name);
      assert.ok(theirs?.ok, `Ansible failed on a template meant to succeed: ${show(theirs)}`);
      const ours = mine(() => renderText(readFileSync(file, 'utf8'), vars, file));
      assert.ok(ours.ok, `runbook failed: ${show(ours)}`);
      assert.fixture(ours.text, theirs.text); // a line diff on failure
    });
  }

  for (const file of failingTemplates) {
    const name = file.slice(file.lastIndexOf('/') + 1);
    s(`template ${name} fails in both`, ({ oracle }) => {
      const theirs = oracle!.templates.get(name);
      assert.ok(theirs && !theirs.ok, `Ansible did not fail: ${show(theirs)}`);
      const ours = mine(() => renderText(readFileSync(file, 'utf8'), vars, file));
      assert.not.ok(ours.ok, `runbook rendered ${show(ours)}; Ansible failed with: ${show(theirs)}`);
    });
  }
}

s.run();

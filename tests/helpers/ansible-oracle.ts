// ansible-core as the oracle for the differential Jinja corpus (tests/fixtures/jinja/). The whole corpus is
// rendered by ONE ansible-playbook run on localhost (connection local, no facts): a `debug` loop over the
// expressions, a `debug` with `when:` per condition, a `debug` loop over the .j2 files through the template
// lookup, and a `template` task for a few of them. A loop is one worker process for all its items, but an
// undefined variable fails it as a whole, so the cases meant to fail are tasks of their own. Our JSON callback (ansible-oracle/oracle_json.py)
// reports what each item gave or that it failed. One process for everything keeps the test to seconds.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Our JSON stdout callback's folder. */
const CALLBACKS = join(dirname(fileURLToPath(import.meta.url)), 'ansible-oracle');

/** What Ansible made of one case: its text, or that it failed (with Ansible's message, for the report). */
export type Outcome = { ok: true; text: string } | { ok: false; error: string };

export interface OracleInput {
  varsFile: string;
  /** name → expression, rendered as "<{{ expr }}>". */
  expressions: Record<string, string>;
  /** Expressions expected to fail: each is a task of its own, since a loop fails as a whole on an undefined value. */
  failing: Record<string, string>;
  /** name → condition, used as `when:`. */
  conditions: Record<string, string>;
  /** Absolute paths of the .j2 files. */
  templates: string[];
  /** Templates expected to fail: a task each, for the same reason. */
  failingTemplates: string[];
  /** Basenames of templates also rendered by the `template` module, to check the lookup renders the same. */
  viaModule: string[];
}

export interface OracleOutput {
  expressions: Map<string, Outcome>;
  /** name → whether the task ran (true) or was skipped (false), or an error. */
  conditions: Map<string, { ok: true; ran: boolean } | { ok: false; error: string }>;
  /** basename → outcome (the rendered bytes as text). */
  templates: Map<string, Outcome>;
  /** basename → what the `template` module wrote. */
  viaModule: Map<string, Outcome>;
}

/** The same framing on both sides: text around the expression, so neither tool turns the result back into a value. */
export const frame = (expr: string) => `<{{ ${expr} }}>`;

/** Why the oracle cannot run here, or undefined when ansible-playbook is on PATH. */
export function oracleMissing(): string | undefined {
  try {
    execFileSync('ansible-playbook', ['--version'], { stdio: 'ignore', timeout: 60_000 });
    return undefined;
  } catch (e) {
    return `ansible-playbook is not installed (${(e as Error).message.split('\n')[0]}); install ansible-core to run the differential Jinja tests`;
  }
}

interface TaskResult {
  failed?: boolean;
  skipped?: boolean;
  msg?: unknown;
  results?: TaskResult[];
  oracle_case?: string | number;
}

function outcome(r: TaskResult | undefined): Outcome {
  if (!r) return { ok: false, error: 'no result reported' };
  if (r.failed) return { ok: false, error: String(r.msg ?? 'failed') };
  return { ok: true, text: String(r.msg) };
}

export function runOracle(input: OracleInput): OracleOutput {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-jinja-oracle-'));
  try {
    const out = join(dir, 'out');
    const names = Object.keys(input.expressions);
    const byName = new Map(input.templates.map((t) => [basename(t), t]));
    // Expressions are play vars, rendered one loop item at a time through the `vars` lookup.
    const vars = Object.fromEntries(names.map((n, i) => [`oracle_expr_${i}`, frame(input.expressions[n]!)]));
    const loop = (name: string, items: unknown[], task: object) => ({ name, ...task, loop: items, loop_control: { loop_var: 'oracle_case' }, ignore_errors: true });
    const tasks: object[] = [
      loop('expressions', names.map((_, i) => i), { debug: { msg: "{{ lookup('vars', 'oracle_expr_' ~ oracle_case) }}" } }),
      ...Object.entries(input.failing).map(([name, expr]) => ({ name: `fail:${name}`, debug: { msg: frame(expr) }, ignore_errors: true })),
      ...input.failingTemplates.map((t) => ({ name: `tfail:${basename(t)}`, debug: { msg: `{{ lookup('template', '${t}', convert_data=False) }}` }, ignore_errors: true })),
      ...Object.entries(input.conditions).map(([name, expr]) => ({ name: `cond:${name}`, debug: { msg: 'ran' }, when: expr, ignore_errors: true })),
      // Templates through the template lookup (the templar `template:` uses, in the controller, without
      // convert_data): the module itself costs a second per file. The few in input.viaModule also go
      // through `template:`, and the test checks both ways agree, so the shortcut cannot drift.
      loop('templates', input.templates, { debug: { msg: "{{ lookup('template', oracle_case, convert_data=False) }}" } }),
      { name: 'mkdir', file: { path: out, state: 'directory' } },
      loop('module', input.viaModule.map((f) => byName.get(f)), { template: { src: '{{ oracle_case }}', dest: `${out}/{{ oracle_case | basename }}` } }),
    ];
    const play = [{ hosts: 'localhost', connection: 'local', gather_facts: false, vars_files: [input.varsFile], vars, tasks }];
    // JSON is YAML: no quoting of the expressions to get wrong.
    writeFileSync(join(dir, 'corpus.yaml'), JSON.stringify(play, null, 1));
    writeFileSync(join(dir, 'ansible.cfg'), '[defaults]\n'); // not whatever ansible.cfg the working directory has
    const stdout = execFileSync('ansible-playbook', ['-i', 'localhost,', 'corpus.yaml'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 300_000,
      maxBuffer: 64 * 1024 * 1024,
      env: {
        ...process.env,
        ANSIBLE_CONFIG: join(dir, 'ansible.cfg'),
        ANSIBLE_STDOUT_CALLBACK: 'oracle_json', // ansible-oracle/oracle_json.py
        ANSIBLE_CALLBACK_PLUGINS: CALLBACKS,
        ANSIBLE_LOCAL_TEMP: join(dir, 'tmp'),
        ANSIBLE_PYTHON_INTERPRETER: 'auto_silent',
        ANSIBLE_LOCALHOST_WARNING: 'false',
        ANSIBLE_INVENTORY_UNPARSED_WARNING: 'false',
        ANSIBLE_DEPRECATION_WARNINGS: 'false',
        ANSIBLE_NOCOLOR: '1',
      },
      // ignore_errors: the run succeeds although cases fail; anything else failing is a broken harness.
    });
    if (process.env.ORACLE_DEBUG) console.log(stdout);
    const report = JSON.parse(stdout) as { plays: { tasks: { task: { name: string }; hosts: Record<string, TaskResult> }[] }[] };
    const result: OracleOutput = { expressions: new Map(), conditions: new Map(), templates: new Map(), viaModule: new Map() };
    for (const t of report.plays[0]!.tasks) {
      const r = t.hosts.localhost;
      const items = r?.results ?? [];
      const [kind, name] = t.task.name.split(/:(.*)/s) as [string, string];
      // A loop that failed as a whole (an undefined variable) has no items: every case gets its message.
      if (kind === 'expressions') for (const [i, n] of names.entries()) result.expressions.set(n, outcome(items.find((it) => Number(it.oracle_case) === i) ?? r));
      else if (kind === 'fail') result.expressions.set(name, outcome(r));
      else if (kind === 'tfail') result.templates.set(name, outcome(r));
      else if (kind === 'cond') result.conditions.set(name, r?.failed ? { ok: false, error: String(r.msg) } : { ok: true, ran: !r?.skipped });
      else if (kind === 'templates') for (const t of input.templates) result.templates.set(basename(t), outcome(items.find((it) => it.oracle_case === t) ?? r));
      else if (kind === 'module') {
        for (const item of items) {
          const written = join(out, basename(String(item.oracle_case)));
          const o: Outcome = item.failed || !existsSync(written) ? { ok: false, error: String(item.msg ?? 'failed') } : { ok: true, text: readFileSync(written, 'utf8') };
          result.viaModule.set(basename(String(item.oracle_case)), o);
        }
      }
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

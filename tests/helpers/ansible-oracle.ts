// ansible-core as the oracle for the differential Jinja corpus (tests/fixtures/jinja/). The whole corpus is
// rendered by ONE ansible-playbook run on localhost (connection local, no facts), so the test costs seconds:
// - expressions and templates: one task of our action plugin (ansible-oracle/action/oracle_render.py), which
//   renders each expression with the task's Templar and each file through the template lookup (the
//   templar the `template` action uses, without its module's second per file), each case's error kept
//   apart (in a loop, one failure fails every item);
// - conditions: a `debug` task with `when:` each;
// - the `template` module itself for a few files, which the test compares with the lookup, so the
//   shortcut cannot drift.
// Our JSON stdout callback (ansible-oracle/callback/oracle_json.py) reports what each task or item gave.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Our plugins' folder: a JSON stdout callback and the action that renders the expressions. */
const PLUGINS = join(dirname(fileURLToPath(import.meta.url)), 'ansible-oracle');

/** What Ansible made of one case: its text, or that it failed (with Ansible's message, for the report). */
export type Outcome = { ok: true; text: string } | { ok: false; error: string };

export interface OracleInput {
  varsFile: string;
  /** More play variables (values the test computes, such as absolute paths). */
  vars: Record<string, unknown>;
  /** name → expression, rendered as "<{{ expr }}>". */
  expressions: Record<string, string>;
  /** Expressions expected to fail. */
  failing: Record<string, string>;
  /** name → condition, used as `when:`. */
  conditions: Record<string, string>;
  /** Absolute paths of the .j2 files. */
  templates: string[];
  /** Templates expected to fail. */
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

/** ansible-playbook's environment for a run in `dir`: our plugins, no ansible.cfg but the one written there. */
function oracleEnv(dir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ANSIBLE_CONFIG: join(dir, 'ansible.cfg'),
    ANSIBLE_STDOUT_CALLBACK: 'oracle_json', // ansible-oracle/callback/oracle_json.py
    ANSIBLE_CALLBACK_PLUGINS: join(PLUGINS, 'callback'),
    ANSIBLE_ACTION_PLUGINS: join(PLUGINS, 'action'),
    ANSIBLE_LOCAL_TEMP: join(dir, 'tmp'),
    ANSIBLE_PYTHON_INTERPRETER: 'auto_silent',
    // Ansible as without passlib (see no-passlib/passlib/__init__.py): password_hash's crypt fallback.
    PYTHONPATH: [join(PLUGINS, 'no-passlib'), process.env.PYTHONPATH].filter(Boolean).join(':'),
    ANSIBLE_LOCALHOST_WARNING: 'false',
    ANSIBLE_INVENTORY_UNPARSED_WARNING: 'false',
    ANSIBLE_DEPRECATION_WARNINGS: 'false',
    ANSIBLE_NOCOLOR: '1',
  };
}

/** One task's result as Ansible reported it (failed/skipped set by our callback). */
export type AnsibleTaskResult = Record<string, unknown> & { failed?: boolean; changed?: boolean; msg?: unknown };

/**
 * Run `tasks` (plain task objects, each with a unique `name`) in ONE ansible-playbook run on localhost, every
 * task with ignore_errors, and return each task's result by name — for differential tests of modules.
 */
export function runAnsibleTasks(tasks: ({ name: string } & Record<string, unknown>)[], opts: { check?: boolean; diff?: boolean } = {}): Map<string, AnsibleTaskResult> {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-ansible-tasks-'));
  try {
    const play = [{ hosts: 'localhost', connection: 'local', gather_facts: false, tasks: tasks.map((t) => ({ ignore_errors: true, ...t })) }];
    writeFileSync(join(dir, 'play.yaml'), JSON.stringify(play, null, 1));
    writeFileSync(join(dir, 'ansible.cfg'), '[defaults]\n');
    const flags = [...(opts.check ? ['--check'] : []), ...(opts.diff ? ['--diff'] : [])];
    const stdout = execFileSync('ansible-playbook', ['-i', 'localhost,', ...flags, 'play.yaml'], { cwd: dir, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024, env: oracleEnv(dir) });
    const report = JSON.parse(stdout) as { plays: { tasks: { task: { name: string }; hosts: Record<string, AnsibleTaskResult> }[] }[] };
    return new Map(report.plays[0]!.tasks.map((t) => [t.task.name, t.hosts.localhost ?? { failed: true, msg: 'no result reported' }]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function runOracle(input: OracleInput): OracleOutput {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-jinja-oracle-'));
  try {
    const out = join(dir, 'out');
    const byName = new Map(input.templates.map((t) => [basename(t), t]));
    const loop = (name: string, items: unknown[], task: object) => ({ name, ...task, loop: items, loop_control: { loop_var: 'oracle_case' }, ignore_errors: true });
    const cases = join(dir, 'cases.json');
    const expressions = Object.fromEntries(Object.entries({ ...input.expressions, ...input.failing }).map(([n, e]) => [n, frame(e)]));
    writeFileSync(cases, JSON.stringify({ expressions, templates: [...input.templates, ...input.failingTemplates] }));
    const tasks: object[] = [
      { name: 'render', oracle_render: { cases } }, // ansible-oracle/action/oracle_render.py
      ...Object.entries(input.conditions).map(([name, expr]) => ({ name: `cond:${name}`, debug: { msg: 'ran' }, when: expr, ignore_errors: true })),
      { name: 'mkdir', file: { path: out, state: 'directory' } },
      loop('module', input.viaModule.map((f) => byName.get(f)), { template: { src: '{{ oracle_case }}', dest: `${out}/{{ oracle_case | basename }}` } }),
    ];
    const play = [{ hosts: 'localhost', connection: 'local', gather_facts: false, vars_files: [input.varsFile], vars: input.vars, tasks }];
    // JSON is YAML: no quoting of the expressions to get wrong.
    writeFileSync(join(dir, 'corpus.yaml'), JSON.stringify(play, null, 1));
    writeFileSync(join(dir, 'ansible.cfg'), '[defaults]\n'); // not whatever ansible.cfg the working directory has
    const stdout = execFileSync('ansible-playbook', ['-i', 'localhost,', 'corpus.yaml'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 300_000,
      maxBuffer: 64 * 1024 * 1024,
      env: oracleEnv(dir),
      // ignore_errors: the run succeeds although cases fail; anything else failing is a broken harness.
    });
    const report = JSON.parse(stdout) as { plays: { tasks: { task: { name: string }; hosts: Record<string, TaskResult> }[] }[] };
    const result: OracleOutput = { expressions: new Map(), conditions: new Map(), templates: new Map(), viaModule: new Map() };
    for (const t of report.plays[0]!.tasks) {
      const r = t.hosts.localhost;
      const items = r?.results ?? [];
      const [kind, name] = t.task.name.split(/:(.*)/s) as [string, string];
      if (kind === 'render') {
        const rendered = r as { expressions?: Record<string, Outcome>; templates?: Record<string, Outcome> } | undefined;
        for (const n of Object.keys(expressions)) result.expressions.set(n, rendered?.expressions?.[n] ?? outcome(r));
        for (const t of [...input.templates, ...input.failingTemplates]) result.templates.set(basename(t), rendered?.templates?.[t] ?? outcome(r));
      }
      else if (kind === 'cond') result.conditions.set(name, r?.failed ? { ok: false, error: String(r.msg) } : { ok: true, ran: !r?.skipped });
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
